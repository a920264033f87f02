-- Issue 13 (hardening). Summaries written by the system (a restored revision, a rename, the link
-- updates after one) are stored as a kind with parameters, shown in each reader's language
-- (src/pages/summaries.ts). Existing ones are recognised from their English or French text.
ALTER TABLE revisions ADD COLUMN summary_kind TEXT;
ALTER TABLE revisions ADD COLUMN summary_params TEXT;

UPDATE revisions SET summary_kind = 'restored', summary_params = json_object('rev', CAST(substr(summary, 19) AS INTEGER))
  WHERE type = 'revert' AND summary GLOB 'Restored revision [0-9]*' AND substr(summary, 19) NOT GLOB '*[^0-9]*';
UPDATE revisions SET summary_kind = 'restored', summary_params = json_object('rev', CAST(substr(summary, 10, length(summary) - 19) AS INTEGER))
  WHERE type = 'revert' AND summary GLOB 'Révision [0-9]* restaurée' AND substr(summary, 10, length(summary) - 19) NOT GLOB '*[^0-9]*';
UPDATE revisions SET summary_kind = 'renamed', summary_params = json_object('from', substr(summary, 14))
  WHERE type = 'rename' AND summary GLOB 'renamed from ?*';
UPDATE revisions SET summary_kind = 'renamed', summary_params = json_object('from', substr(summary, 17))
  WHERE type = 'rename' AND summary GLOB 'renommée depuis ?*';
UPDATE revisions SET summary_kind = 'relinked', summary_params = json_object('from', '', 'to', '')
  WHERE summary IN ('link update after rename', 'mise à jour des liens après renommage');
