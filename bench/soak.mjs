// npm run soak [-- --minutes N] [--seed S]: a running Quire on loopback under mixed traffic for N
// minutes (10 by default) — anonymous readers, logged-in editors, an API writer, searches,
// uploads and renames from several clients — while the server is stopped with SIGTERM or killed
// with SIGKILL at random moments and started again. At the end: every acknowledged save, upload
// and rename is there, no answer was a 5xx, and memory did not keep growing. Prints a table.
// Not part of `npm test` (issue 13, item 6).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, procStatusMb, startFlags } from './server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const MINUTES = option('minutes', 10);
const SEED = option('seed', Date.now() % 1_000_000);
const ADMIN_PASSWORD = 'soak-admin-password';

// A small seeded random source, so a run can be repeated.
let state = SEED >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x100000000;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + random() * (high - low);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-soak-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const flags = startFlags(ROOT);

// ---------------------------------------------------------------------------------------------
// The server: started, stopped or killed, and its memory watched.

let server = null;
const lifetimes = [];
let stopping = false;

async function startServer() {
  const child = spawn(process.execPath, [...flags, 'dist/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      QUIRE_DATA: dataDir,
      QUIRE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      QUIRE_API_RATE: '100000,100000',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const life = { pid: child.pid, started: Date.now(), samples: [], ended: null, how: null };
  lifetimes.push(life);
  for (const deadline = Date.now() + 30_000; ; ) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited at start (code ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/_/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not start within 30 s');
    await sleep(50);
  }
  const sampler = setInterval(() => {
    const rss = procStatusMb(child.pid, 'VmRSS');
    if (rss !== null) life.samples.push({ at: Date.now() - life.started, rss });
  }, 2000);
  server = { child, exited, life, sampler };
}

async function stopServer(signal) {
  const current = server;
  if (!current) return;
  server = null;
  clearInterval(current.sampler);
  current.child.kill(signal);
  const timer = setTimeout(() => current.child.kill('SIGKILL'), 10_000);
  await current.exited;
  clearTimeout(timer);
  current.life.ended = Date.now();
  current.life.how = signal;
}

// ---------------------------------------------------------------------------------------------
// Requests, counted by kind: answers by status, connection errors (the server was down), times.

const stats = new Map();
const statOf = (kind) => {
  let stat = stats.get(kind);
  if (!stat) stats.set(kind, (stat = { count: 0, down: 0, fivexx: 0, times: [], statuses: new Map() }));
  return stat;
};
const fivexxSeen = [];

async function request(kind, url, init = {}) {
  const stat = statOf(kind);
  const started = performance.now();
  try {
    const response = await fetch(`${base}${url}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(30_000) });
    const body = Buffer.from(await response.arrayBuffer());
    stat.count += 1;
    stat.times.push(performance.now() - started);
    stat.statuses.set(response.status, (stat.statuses.get(response.status) ?? 0) + 1);
    if (response.status >= 500) {
      stat.fivexx += 1;
      fivexxSeen.push(`${kind} ${url} → ${response.status}: ${body.toString('utf8').slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, body, text: () => body.toString('utf8') };
  } catch {
    stat.down += 1;
    return null;
  }
}

/** A browser-like client: cookies kept, the CSRF token of the last page seen. */
class Visitor {
  cookies = new Map();
  csrf = '';
  headers(extra = {}) {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return { ...(cookie ? { cookie } : {}), 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', accept: 'text/html', ...extra };
  }
  remember(answer) {
    if (!answer) return answer;
    for (const line of answer.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec(answer.text());
    if (csrf) this.csrf = csrf[1];
    return answer;
  }
  async get(kind, url) {
    return this.remember(await request(kind, url, { headers: this.headers() }));
  }
  async post(kind, url, fields) {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.remember(await request(kind, url, { method: 'POST', headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), body }));
  }
  async login() {
    for (;;) {
      await this.get('login', '/_/login');
      const answer = await this.post('login', '/_/login', { u: 'admin', p: ADMIN_PASSWORD });
      if (answer?.status === 303) return;
      await sleep(500);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the clients were told was stored, and what they tried after (a save cut by a kill may or
// may not have happened, but one acknowledged must be there).

const pages = new Map(); // id → { acked: text | null, tried: Set<text> }
const uploads = new Map(); // media id → sha256 of the bytes acknowledged
const renames = []; // { from, to, text }
const remember = (id) => {
  let page = pages.get(id);
  if (!page) pages.set(id, (page = { acked: null, tried: new Set() }));
  return page;
};

const words = ['apple', 'garden', 'editor', 'kestrel', 'élève', 'network', 'summary', 'quire', 'river', 'lantern', 'ledger', 'meadow'];
const sentence = (n) => Array.from({ length: n }, () => pick(words)).join(' ');
const pageText = (id, n) => `# ${id}\n\n${sentence(20)}\n\n- ${sentence(5)}\n- [[${pick(['start', 'wiki:syntax', 'soak:missing'])}]]\n\nEdit ${n} at ${Date.now()}.\n`;

let running = true;
const until = Date.now() + MINUTES * 60_000;

async function reader(n) {
  const visitor = new Visitor();
  while (running) {
    const known = [...pages.keys()];
    const url = pick(['/', '/wiki/syntax', '/_/recent', '/_/index', '/_/static/quire.css', '/_/health', '/_/feed', known.length ? `/${pick(known).replaceAll(':', '/')}` : '/']);
    await visitor.get(`read`, url);
    await sleep(between(20, 120));
  }
  return n;
}

async function editor(n) {
  const visitor = new Visitor();
  await visitor.login();
  let edit = 0;
  while (running) {
    const id = `soak:editor${n}:page${Math.floor(random() * 8)}`;
    const path_ = `/${id.replaceAll(':', '/')}`;
    const opened = await visitor.get('edit', `${path_}?do=edit`);
    if (!opened || opened.status !== 200) {
      if (opened?.status === 401 || opened?.status === 403) await visitor.login();
      await sleep(300);
      continue;
    }
    const baseRev = /name="base_rev" value="(\d*)"/.exec(opened.text())?.[1] ?? '';
    const text = pageText(id, ++edit);
    const page = remember(id);
    page.tried.add(text);
    const saved = await visitor.post('save', `${path_}?do=save`, { text, summary: `soak ${edit}`, base_rev: baseRev });
    if (saved?.status === 303) {
      page.acked = text;
      page.tried = new Set();
    }
    await sleep(between(100, 400));
  }
}

async function apiWriter(token) {
  let edit = 0;
  while (running) {
    const id = `soak:api:page${Math.floor(random() * 10)}`;
    const text = pageText(id, ++edit);
    const page = remember(id);
    page.tried.add(text);
    // No base_rev: the API writer is the only one writing these pages.
    const answer = await request('api write', `/_/api/v1/pages/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text, summary: `api ${edit}` }),
    });
    if (answer?.status === 200) {
      page.acked = text;
      page.tried = new Set();
    }
    await sleep(between(100, 300));
  }
}

async function searcher() {
  const visitor = new Visitor();
  while (running) {
    await visitor.get('search', `/_/search?q=${encodeURIComponent(pick(['apple', 'gar*', 'a*', 'eleve', '"red fox"', 'kestrel -river', 'ns:soak meadow', 'le*']))}`);
    await sleep(between(100, 500));
  }
}

/** A PNG of one pixel with some bytes after its end, different each time (the type check reads its head). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

async function uploader() {
  const visitor = new Visitor();
  await visitor.login();
  let n = 0;
  while (running) {
    await visitor.get('upload', '/_/media?ns=soak');
    const name = `file${++n}.png`;
    const data = Buffer.concat([PNG, crypto.randomBytes(64)]);
    const boundary = `----soak${n}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${visitor.csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="ns"\r\n\r\nsoak:media\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = visitor.remember(
      await request('upload', '/_/media', { method: 'POST', headers: visitor.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }), body }),
    );
    if (answer?.status === 303) uploads.set(`soak:media:${name}`, crypto.createHash('sha256').update(data).digest('hex'));
    if (answer?.status === 401 || answer?.status === 403) await visitor.login();
    await sleep(between(500, 1500));
  }
}

async function renamer() {
  const visitor = new Visitor();
  await visitor.login();
  let n = 0;
  while (running) {
    const from = `soak:renamer:before${++n}`;
    const to = `soak:renamer:after${n}`;
    const fromPath = `/${from.replaceAll(':', '/')}`;
    const text = pageText(from, n);
    await visitor.get('rename', `${fromPath}?do=edit`);
    const saved = await visitor.post('rename', `${fromPath}?do=save`, { text, summary: 'to rename', base_rev: '' });
    if (saved?.status !== 303) {
      if (saved?.status === 401 || saved?.status === 403) await visitor.login();
      await sleep(500);
      continue;
    }
    remember(from).acked = text;
    await visitor.get('rename', `${fromPath}?do=rename`);
    const moved = await visitor.post('rename', `${fromPath}?do=rename`, { to, update_links: 'off' });
    if (moved?.status === 303) {
      pages.delete(from);
      renames.push({ from, to, text });
    }
    await sleep(between(1000, 3000));
  }
}

async function chaos() {
  let kills = 0;
  let terms = 0;
  while (running) {
    await sleep(between(45_000, 100_000));
    if (!running || Date.now() > until - 30_000) break;
    const signal = random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
    if (signal === 'SIGKILL') kills += 1;
    else terms += 1;
    await stopServer(signal);
    await sleep(between(200, 2000));
    await startServer();
  }
  return { kills, terms };
}

// ---------------------------------------------------------------------------------------------

function tokenFor(login) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'token', 'create', login], { cwd: ROOT, env: { ...process.env, QUIRE_DATA: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').at(-1)) : reject(new Error(`token create: ${code}`))));
  });
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Whether memory kept growing in a lifetime of a minute or more: the last quarter's median well above the second's. */
function growth(life) {
  const samples = life.samples.filter((sample) => sample.at > 10_000).map((sample) => sample.rss);
  if (samples.length < 30) return null;
  const quarter = Math.floor(samples.length / 4);
  const median = (list) => percentile(list, 50);
  const early = median(samples.slice(quarter, 2 * quarter));
  const late = median(samples.slice(3 * quarter));
  return { early, late, growing: late > early * 1.5 && late - early > 40 };
}

async function verify(token) {
  const problems = [];
  let checkedPages = 0;
  for (const [id, page] of pages) {
    if (page.acked === null) continue;
    checkedPages += 1;
    const answer = await request('verify', `/_/api/v1/pages/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const text = answer?.status === 200 ? JSON.parse(answer.text()).text : null;
    const normal = (value) => value.replace(/\s+$/, '');
    if (text === null || (normal(text) !== normal(page.acked) && ![...page.tried].some((tried) => normal(tried) === normal(text)))) {
      problems.push(`page ${id}: acknowledged text missing (status ${answer?.status})`);
    }
  }
  for (const { to, text } of renames) {
    const answer = await request('verify', `/_/api/v1/pages/${to}`, { headers: { authorization: `Bearer ${token}` } });
    if (answer?.status !== 200 || !JSON.parse(answer.text()).text.startsWith(text.split('\n')[0])) problems.push(`rename to ${to}: missing`);
  }
  const admin = new Visitor();
  await admin.login();
  for (const [id, sum] of uploads) {
    const answer = await admin.get('verify', `/_/media/${id.replaceAll(':', '/')}`);
    const got = answer ? crypto.createHash('sha256').update(answer.body).digest('hex') : null;
    if (got !== sum) problems.push(`upload ${id}: ${answer ? `status ${answer.status}` : 'no answer'}`);
  }
  return { problems, checkedPages };
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row, index) => {
    const line = row.map((cell, column) => String(cell).padEnd(widths[column])).join(' | ');
    return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('-|-')}` : line;
  }).join('\n');
}

async function main() {
  process.stderr.write(`soak: ${MINUTES} min, seed ${SEED}, data ${dataDir}, ${base}\n`);
  await startServer();
  const token = await tokenFor('admin');
  const started = Date.now();
  const clients = [reader(1), reader(2), reader(3), editor(1), editor(2), apiWriter(token), searcher(), uploader(), renamer()];
  const chaosRun = chaos();
  const progress = setInterval(() => {
    const done = [...stats.values()].reduce((sum, stat) => sum + stat.count, 0);
    process.stderr.write(`\rsoak: ${Math.round((Date.now() - started) / 1000)} s, ${done} answers, ${lifetimes.length} server starts`);
  }, 5000);
  while (Date.now() < until) await sleep(1000);
  running = false;
  await Promise.all(clients);
  const { kills, terms } = await chaosRun;
  clearInterval(progress);
  process.stderr.write('\n');
  // A clean restart before checking: whatever was acknowledged must survive it too.
  await stopServer('SIGTERM');
  await startServer();
  const { problems, checkedPages } = await verify(token);
  await stopServer('SIGTERM');

  const rows = [['kind', 'answers', 'server down', '5xx', 'p50 ms', 'p95 ms', 'p99 ms']];
  for (const [kind, stat] of [...stats].sort()) {
    rows.push([kind, stat.count, stat.down, stat.fivexx, percentile(stat.times, 50).toFixed(1), percentile(stat.times, 95).toFixed(1), percentile(stat.times, 99).toFixed(1)]);
  }
  const memory = lifetimes.map((life, index) => {
    const peak = Math.max(0, ...life.samples.map((sample) => sample.rss));
    const trend = growth(life);
    return [`#${index + 1}`, `${Math.round(((life.ended ?? Date.now()) - life.started) / 1000)} s`, life.how ?? 'running', `${peak.toFixed(0)} MB`, trend ? `${trend.early.toFixed(0)} → ${trend.late.toFixed(0)} MB` : '—', trend?.growing ? 'GROWING' : 'ok'];
  });
  const fivexx = [...stats.values()].reduce((sum, stat) => sum + stat.fivexx, 0);
  const growing = lifetimes.some((life) => growth(life)?.growing);
  console.log(`\nQuire soak: ${MINUTES} min, seed ${SEED}, ${lifetimes.length} server starts (${terms} SIGTERM, ${kills} SIGKILL, then a clean restart to check)\n`);
  console.log(table(rows));
  console.log(`\n${table([['server run', 'lasted', 'ended by', 'peak RSS', 'RSS median, 2nd → 4th quarter', 'memory'], ...memory])}\n`);
  console.log(table([
    ['check', 'result'],
    ['acknowledged page saves present', `${checkedPages - problems.filter((p) => p.startsWith('page')).length} / ${checkedPages}`],
    ['acknowledged renames present', `${renames.length - problems.filter((p) => p.startsWith('rename')).length} / ${renames.length}`],
    ['acknowledged uploads present', `${uploads.size - problems.filter((p) => p.startsWith('upload')).length} / ${uploads.size}`],
    ['5xx answers', fivexx],
    ['memory kept growing', growing ? 'yes' : 'no'],
  ]));
  for (const problem of [...problems, ...fivexxSeen.slice(0, 20)]) console.log(`  ${problem}`);
  const ok = problems.length === 0 && fivexx === 0 && !growing;
  console.log(`\n${ok ? 'PASS' : 'FAIL'}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

main().catch(async (error) => {
  console.error(error);
  if (server) await stopServer('SIGKILL');
  process.exitCode = 2;
});
