// The JSON the editor script and the server exchange (SPEC §12): the server's routes answer these
// shapes and client/editor/ reads them, type-checked against this one file.

/** `POST {page}?do=preview` with `Accept: application/json`. */
export interface PreviewReply {
  html: string;
}

/** One file of `GET /_/media?ns=NS` with `Accept: application/json`. */
export interface MediaFileEntry {
  /** `ns:name.png`, as written in `{{…}}`. */
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  /** ISO 8601, as the JSON API writes times. */
  modified: string;
  image: boolean;
  url: string;
  /** A small version of an image; null for other files. */
  thumb: string | null;
}

export interface MediaListing {
  ns: string;
  files: MediaFileEntry[];
}

/** `POST /_/media` with `Accept: application/json`: where the file was stored. */
export interface UploadReply {
  id: string;
  url: string;
}

/** `GET /_/suggest?q=TEXT`: pages the viewer may read, best matches first. */
export interface SuggestReply {
  pages: { id: string; title: string | null }[];
}

/** Every JSON error, as the API's. */
export interface ErrorReply {
  error: { code: string; message: string };
}

/** The editor screen's strings the script writes itself, by catalogue key (`data-messages`). */
export const CLIENT_MESSAGES = [
  'editor.previewFailed',
  'editor.previewOffline',
  'editor.uploading',
  'editor.uploaded',
  'editor.uploadFailed',
  'editor.uploadOffline',
  'mediaDialog.files',
  'mediaDialog.loading',
  'mediaDialog.empty',
  'mediaDialog.noMatch',
  'mediaDialog.failed',
  'mediaDialog.chosen',
  'draft.autosaved',
  'draft.autosaveFailed',
  'lock.lost',
] as const;

export type ClientMessage = (typeof CLIENT_MESSAGES)[number];
