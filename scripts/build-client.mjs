// Builds the browser bundles (run by `npm run build`): each entry is bundled and minified by esbuild
// into public/build/NAME-HASH.js, the hash taken from the content so a file never changes under its
// name (served as immutable), and public/build/manifest.json maps NAME.js to that file for the
// server's asset() (src/web/assets.ts). Prints each bundle's gzip size and fails above the budget.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'public', 'build');
/** Entry name → source, and the most gzip-compressed bytes it may weigh (SPEC §12: 250 KB for the editor). */
const ENTRIES = {
  editor: { source: 'client/editor/main.ts', budget: 250 * 1024 },
  site: { source: 'client/site/main.ts', budget: 4 * 1024 },
};

const result = await esbuild.build({
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, entry]) => [name, path.join(ROOT, entry.source)])),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari16'],
  outdir: OUT,
  write: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const manifest = {};
let overBudget = false;
for (const file of result.outputFiles) {
  const name = path.basename(file.path, '.js');
  const entry = ENTRIES[name];
  if (!entry) throw new Error(`unexpected output ${file.path}`);
  const hash = crypto.createHash('sha256').update(file.contents).digest('hex').slice(0, 10);
  const hashed = `${name}-${hash}.js`;
  fs.writeFileSync(path.join(OUT, hashed), file.contents);
  manifest[`${name}.js`] = hashed;
  const gzip = zlib.gzipSync(file.contents, { level: 9 }).length;
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`${hashed}: ${kb(file.contents.length)} minified, ${kb(gzip)} gzip (budget ${kb(entry.budget)})`);
  if (gzip > entry.budget) overBudget = true;
}
fs.writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
if (overBudget) {
  console.error('A bundle is over its budget.');
  process.exit(1);
}
