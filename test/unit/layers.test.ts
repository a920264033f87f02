// Layers point one way: the domain (every folder of src/ but the delivery ones and plugins) never
// imports the HTTP layers; plugins, which may bring routes of their own, use the shared web layer
// but never the routes or the API; the web layer never imports the routes or the API, and the two
// delivery surfaces stay apart. The graph is read from the sources, so a wrong-way import fails here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** Delivery folders: how the domain is served over HTTP. */
const DELIVERY = new Set(['web', 'routes', 'api']);
/** Extensions: domain code that may also serve its own screens. */
const EXTENSIONS = new Set(['plugins']);
/** Entry files at the top that wire everything together and may import any layer. */
const WIRING = new Set(['app.ts', 'server.ts', 'cli.ts']);
/** The domain's composition root: every store and the plugins, without HTTP. */
const WIKI = 'wiki.ts';

/** What each layer may not import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  domain: ['web', 'routes', 'api', 'plugins'],
  plugins: ['routes', 'api'],
  wiki: ['web', 'routes', 'api'],
  web: ['routes', 'api'],
  api: ['routes'],
  routes: ['api'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The layer of a file under src/: its top folder when that is a delivery or extension one, 'wiring', or 'domain'. */
function layerOf(file: string): string {
  const relative = path.relative(SRC, file);
  const [top] = relative.split(path.sep);
  if (top === undefined) return 'domain';
  if (top === WIKI) return 'wiki';
  if (!relative.includes(path.sep)) return WIRING.has(top) ? 'wiring' : 'domain';
  return DELIVERY.has(top) || EXTENSIONS.has(top) ? top : 'domain';
}

/** The src/ files a file imports through relative specifiers (`import`, `export … from`, `import()`). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = path.resolve(path.dirname(file), match[1]!).replace(/\.js$/, '.ts');
    if (target.startsWith(SRC)) found.push(target);
  }
  return found;
}

const files = sourceFiles(SRC);
const edges = files.flatMap((file) => importsOf(file).map((target) => ({ file, target })));

describe('the import graph', () => {
  it('is read from the sources (the walk finds files and imports)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
    expect(layerOf(path.join(SRC, 'pages/store.ts'))).toBe('domain');
    expect(layerOf(path.join(SRC, 'routes/pages/view.ts'))).toBe('routes');
    expect(layerOf(path.join(SRC, 'app.ts'))).toBe('wiring');
  });

  it('has no import that points the wrong way', () => {
    const wrong = edges
      .filter(({ file, target }) => (FORBIDDEN[layerOf(file)] ?? []).includes(layerOf(target)))
      .map(({ file, target }) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
    expect(wrong).toEqual([]);
  });

  it('keeps plugins away from the routes', () => {
    const wrong = edges
      .filter(({ file, target }) => path.relative(SRC, file).startsWith('plugins') && path.relative(SRC, target).startsWith('routes'))
      .map(({ file, target }) => `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
    expect(wrong).toEqual([]);
  });

  it('names every import it finds as an existing file', () => {
    const missing = edges.filter(({ target }) => !fs.existsSync(target)).map(({ file, target }) => `${path.relative(SRC, file)} → ${target}`);
    expect(missing).toEqual([]);
  });
});
