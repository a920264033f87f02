// Built assets with a content hash in their name (public/build/NAME-HASH.EXT, written by
// scripts/build-client.mjs with a manifest beside them): templates ask for `asset('editor.js')` and
// get the hashed URL, and the static route serves those files as immutable, cached for a year.
import fs from 'node:fs';
import path from 'node:path';

export const STATIC_PREFIX = '/_/static/';
const BUILD_DIR = 'build';
/** A hashed file under /_/static/: `build/NAME-HASH.EXT`, the hash hexadecimal. */
const HASHED_PATH = /^build\/[\w.-]+-[0-9a-f]{8,}\.[a-z0-9]+$/;
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

export interface Assets {
  /** `/_/static/build/editor-3f2a1c9e.js` for `editor.js`; throws for an asset the build did not make. */
  url(name: string): string;
}

/** Reads `publicDir`/build/manifest.json once. Missing, every url() says to run the build. */
export function loadAssets(publicDir: string): Assets {
  const manifestPath = path.join(publicDir, BUILD_DIR, 'manifest.json');
  let manifest: Readonly<Record<string, string>> = {};
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, string>;
  } catch {
    // Reported when an asset is asked for: a server that shows no editor does not need the build.
  }
  return {
    url(name) {
      const file = manifest[name];
      if (file === undefined) throw new Error(`The asset ${name} is not in ${manifestPath}: run \`npm run build\`.`);
      return `${STATIC_PREFIX}${BUILD_DIR}/${file}`;
    },
  };
}

/** Whether a path under /_/static/ names a hashed file, whose bytes never change. */
export function isImmutableAsset(staticPath: string): boolean {
  return HASHED_PATH.test(staticPath);
}
