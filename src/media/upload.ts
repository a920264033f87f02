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
