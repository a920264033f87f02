// Size limits shared by the HTTP layer and the stores.

/** Largest page text accepted, in bytes (a form may be larger once URL-encoded). */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
