// Size limits shared by the HTTP layer and the stores.

/** Largest page text accepted, in bytes (a form may be larger once URL-encoded). */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** Largest media file accepted by an upload, in bytes. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;
/** Largest width or height a resized image may be asked for, in pixels. */
export const MAX_MEDIA_EDGE = 2000;
/** Resized images kept in memory, in bytes. */
export const MEDIA_RESIZE_CACHE_BYTES = 16 * 1024 * 1024;
/** Largest image (width × height) the resizer decodes: guards against decompression bombs. */
export const MAX_MEDIA_PIXELS = 40_000_000;
