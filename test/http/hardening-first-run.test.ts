// First run (issue 13, item 3): the set-up address is also a plain line for whoever started the
// server, and the set-up screen neither tells its own visitor to finish the set-up nor sets its
// radio buttons apart from their labels.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db.js';

let dir: string;
let db: Db;
let close: () => Promise<void>;

afterEach(async () => {
  await close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the first run', () => {
  it('writes the set-up address as a plain line, and the set-up screen shows no banner about itself', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-first-run-'));
    db = openDatabase(dir);
    const lines: string[] = [];
    const app = await buildApp(loadConfig({ QUIRE_DATA: dir }), db, { announce: (line) => lines.push(line) });
    close = () => app.close();
    expect(lines).toHaveLength(1);
    const address = /^Quire is not set up yet\. Finish the set-up at: (http:\/\/\S+\/_\/setup\?token=[\w-]+)$/.exec(lines[0] ?? '')?.[1];
    expect(address).toBeDefined();

    const elsewhere = await app.inject({ method: 'GET', url: '/' });
    expect(elsewhere.body).toContain('notice--setup');
    const setup = await app.inject({ method: 'GET', url: new URL(address!).pathname + new URL(address!).search });
    expect(setup.statusCode).toBe(200);
    expect(setup.body).not.toContain('notice--setup');
    // Each radio button inside its label, the label's text right after it.
    expect(setup.body).toMatch(/<label class="radio"><input type="radio" name="policy" value="public" checked> [^<]+<\/label>/);
  });
});
