// Summaries the system writes — a restored revision, a rename, the link updates after one — are
// stored as a kind with its parameters beside the summary text, so each reader sees them in their
// own language; the text (in the language of whoever caused them) is what older readers and
// exports see. Pure.
import type { MessageKey, Translate } from '../i18n/index.js';

export type SystemSummary =
  | { kind: 'restored'; rev: number }
  | { kind: 'renamed'; from: string }
  | { kind: 'relinked'; from: string; to: string };

const MESSAGES: Record<SystemSummary['kind'], MessageKey> = {
  restored: 'revisions.restoredSummary',
  renamed: 'rename.summary',
  relinked: 'rename.linkSummary',
};

/** The two columns a system summary is stored in; nulls for a summary a person wrote. */
export function storedSummary(system: SystemSummary | null | undefined): { kind: string | null; params: string | null } {
  if (!system) return { kind: null, params: null };
  const { kind, ...params } = system;
  return { kind, params: JSON.stringify(params) };
}

/** The system summary two stored columns hold, or null (a person's summary, or something unknown). */
export function readSummary(kind: string | null, params: string | null): SystemSummary | null {
  if (kind === null || !(kind in MESSAGES)) return null;
  try {
    const values = JSON.parse(params ?? '{}') as Record<string, unknown>;
    if (kind === 'restored' && typeof values.rev === 'number') return { kind, rev: values.rev };
    if (kind === 'renamed' && typeof values.from === 'string') return { kind, from: values.from };
    if (kind === 'relinked' && typeof values.from === 'string' && typeof values.to === 'string') return { kind, from: values.from, to: values.to };
  } catch {
    // Unreadable parameters: the stored text is shown.
  }
  return null;
}

/** The summary in the reader's language when the system wrote it, else as written. */
export function summaryFor(revision: { summary: string; system: SystemSummary | null }, t: Translate): string {
  const { system } = revision;
  if (!system) return revision.summary;
  const { kind, ...params } = system;
  return t(MESSAGES[kind], params);
}
