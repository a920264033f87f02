// What an upload may do, decided from the viewer's level on the namespace, whether the file exists
// and whether they asked to overwrite it (SPEC §1: UPLOAD makes new media, DELETE overwrites). Pure.
import { Level } from '../access/acl.js';
import { contentMatches, mediaTypeOf } from './media-type.js';

export type UploadDecision = 'save' | 'denied' | 'conflict';

export function decideUpload(level: number, exists: boolean, overwrite: boolean): UploadDecision {
  if (level < Level.UPLOAD) return 'denied';
  if (!exists) return 'save';
  if (!overwrite) return 'conflict';
  return level >= Level.DELETE ? 'save' : 'denied';
}

/** Why these bytes may not be stored under `id`, or null when they may: the form field at fault is `file` either way. */
export function fileProblem(id: string, data: Buffer): 'type' | 'empty' | 'content' | null {
  const type = mediaTypeOf(id);
  if (!type) return 'type';
  if (data.length === 0) return 'empty';
  return contentMatches(type, data) ? null : 'content';
}

/** The most names tried for a free one; past it the upload is refused as a conflict. */
const MAX_RENAMES = 9999;

/**
 * `id` when no file has it, else the first free `name-1.ext`, `name-2.ext`, … (an upload with
 * `rename=on`: a pasted or dropped file never replaces another silently); null when none is free.
 */
export function freeMediaId(id: string, exists: (id: string) => boolean): string | null {
  if (!exists(id)) return id;
  const dot = id.lastIndexOf('.');
  const stem = dot > id.lastIndexOf(':') ? id.slice(0, dot) : id;
  const extension = id.slice(stem.length);
  for (let n = 1; n <= MAX_RENAMES; n++) {
    const candidate = `${stem}-${n}${extension}`;
    if (!exists(candidate)) return candidate;
  }
  return null;
}
