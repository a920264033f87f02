// The server runs with the same node flags wherever it starts: `npm start`, the Docker image, and
// the benchmark (which reads them from the start script, so it measures the server as it is run).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain JavaScript module of the benchmark, without types
import { startFlags } from '../../bench/server-process.mjs';

const ROOT = new URL('../../', import.meta.url);

describe('the node flags of the server', () => {
  const flags = startFlags(ROOT.pathname) as string[];

  it('keep the young generation small (the memory target of the page view)', () => {
    expect(flags).toContain('--max-semi-space-size=4');
  });

  it('are the same in the Docker image', () => {
    const dockerfile = fs.readFileSync(new URL('Dockerfile', ROOT), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'dist/server.js']);
  });
});
