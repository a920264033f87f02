// `npm run bench`: throughput, tail latency and memory of Quire's page view, measured against a
// bare Fastify route serving the same bytes, in one run on the same machine (see bench/README.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../dist/db.js';
import { runScalePhase, SCALE_TARGETS } from './scale.mjs';
import { ARTICLE_ID, seedWiki } from './seed.mjs';
import { freePort, procStatusMb, sampleRss, startFlags, startServer } from './server-process.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
// The article under test: the same 7.6 KB French article the renderer's fixture tests use.
const ARTICLE_FILE = path.resolve(BENCH_DIR, '../test/fixtures/render/chief-ai-officer.md');
const PAGE_PATH = `/${ARTICLE_ID.replaceAll(':', '/')}`;
// Text from the article's last revision only (earlier ones lack the closing paragraphs).
const ARTICLE_MARKERS = [`<meta name="quire:id" content="${ARTICLE_ID}">`, 'ambassadeur sans ambassade', 'Reste à savoir combien'];
const TARGETS = { ratioPercent: 40, rssMb: 120 };

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    pages: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '1' },
    // The scale phase (bench/scale.mjs): search and recent changes over a large generated wiki.
    scale: { type: 'boolean', default: false },
    'scale-only': { type: 'boolean', default: false },
    'scale-pages': { type: 'string', default: '10000' },
    'scale-revisions': { type: 'string', default: '100000' },
    'scale-connections': { type: 'string', default: '1' },
  },
});
const options = {
  duration: positive('duration'),
  connections: positive('connections'),
  warmup: positive('warmup'),
  pages: positive('pages'),
  rounds: positive('rounds'),
  scale: flags.scale || flags['scale-only'],
  pageView: !flags['scale-only'],
  scalePages: positive('scale-pages'),
  scaleRevisions: positive('scale-revisions'),
  scaleConnections: positive('scale-connections'),
};

function positive(name) {
  const value = Number(flags[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(flags[name])}`);
  return value;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-'));
const removeDataDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
process.on('exit', removeDataDir);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\nbench interrupted (${signal}); servers stopped, ${dataDir} removed`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Fetches the page once and fails loudly unless it is a 200 holding the article. */
async function fetchArticle(url, headers = {}) {
  const response = await fetch(url, { headers });
  const html = await response.text();
  const missing = ARTICLE_MARKERS.filter((marker) => !html.includes(marker));
  if (response.status !== 200 || missing.length > 0) {
    throw new Error(`GET ${url} answered ${response.status}${missing.length ? `, without ${missing.map((m) => JSON.stringify(m)).join(', ')}` : ''}:\n${html.slice(0, 500)}`);
  }
  return html;
}

/** Warms the server up, then loads it while sampling its RSS; stops it once measured. */
async function measure(server, headers = {}) {
  const url = `${server.url}${PAGE_PATH}`;
  console.log(`\n${server.name}: warming up ${options.warmup} s …`);
  await autocannon({ url, headers, connections: options.connections, duration: options.warmup });
  console.log(`${server.name}: ${options.duration} s at ${options.connections} connections …`);
  const rss = sampleRss(server.pid, 100);
  const result = await autocannon({ url, headers, connections: options.connections, duration: options.duration });
  const { peakMb, samples } = rss.stop();
  const hwmMb = procStatusMb(server.pid, 'VmHWM');
  await fetchArticle(url, headers); // still the article after the load
  await server.stop();
  return {
    target: server.name,
    url,
    requestsPerSecond: result.requests.average,
    requestsTotal: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    peakRssMb: round1(peakMb),
    rssSamples: samples,
    vmHwmMb: hwmMb === null ? null : round1(hwmMb),
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
  };
}

function round1(n) {
  return Math.round(n * 10) / 10;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One row per target over all rounds: median throughput and p99, total failures, highest memory. */
function summarise(measurements) {
  const first = measurements[0];
  return {
    target: first.target,
    requestsPerSecond: median(measurements.map((m) => m.requestsPerSecond)),
    latencyP99Ms: median(measurements.map((m) => m.latencyP99Ms)),
    non2xx: measurements.reduce((sum, m) => sum + m.non2xx, 0),
    errors: measurements.reduce((sum, m) => sum + m.errors + m.timeouts, 0),
    peakRssMb: Math.max(...measurements.map((m) => m.peakRssMb)),
    vmHwmMb: Math.max(...measurements.map((m) => m.vmHwmMb ?? 0)),
  };
}

function printTable(rows) {
  const header = ['target', 'req/s (avg)', 'p99 ms', 'non-2xx', 'peak RSS MB', 'VmHWM MB'];
  const lines = rows.map((r) => [r.target, String(Math.round(r.requestsPerSecond)), String(r.latencyP99Ms), String(r.non2xx), String(r.peakRssMb), String(r.vmHwmMb)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}

const startQuire = async (name = 'page view') =>
  startServer({
    name,
    script: path.join(ROOT, 'dist/server.js'),
    nodeArgs: startFlags(ROOT),
    cwd: ROOT,
    port: await freePort(),
    env: { QUIRE_DATA: dataDir, LOG_LEVEL: 'warn', QUIRE_ADMIN_PASSWORD: 'bench-password-123' },
  });

/** A session for the admin user (created by the server at its first start), made in the store. */
async function adminSession() {
  const { createSessionStore } = await import('../dist/accounts/sessions.js');
  const db = openDatabase(dataDir);
  try {
    return createSessionStore(db).create('admin', false).id;
  } finally {
    db.close();
  }
}

const startBare = async (bodyFile) =>
  startServer({ name: 'bare route', script: path.join(BENCH_DIR, 'bare-server.mjs'), cwd: ROOT, port: await freePort(), env: { BODY_FILE: bodyFile } });

async function main() {
  console.log(`Seeding ${options.pages} pages into ${dataDir} …`);
  const started = Date.now();
  const db = openDatabase(dataDir);
  seedWiki(db, { pages: options.pages, article: fs.readFileSync(ARTICLE_FILE, 'utf8') });
  db.close();
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // One server at a time, so they never compete for the cores; the bare route serves the exact
  // bytes of Quire's page view. Several rounds alternate the two, so a burst of load from
  // elsewhere on the machine skews one round rather than one target.
  const bodyFile = path.join(dataDir, 'page-view.html');
  let html = '';
  const rounds = [];
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) console.log(`\n— round ${round} / ${options.rounds}`);
    const quire = await startQuire();
    if (round === 1) {
      html = await fetchArticle(`${quire.url}${PAGE_PATH}`);
      fs.writeFileSync(bodyFile, html);
    }
    const pageView = await measure(quire);
    const bare = await startBare(bodyFile);
    await fetchArticle(`${bare.url}${PAGE_PATH}`);
    const bareRoute = await measure(bare);
    rounds.push({ pageView, bareRoute, ratioPercent: round1((pageView.requestsPerSecond / bareRoute.requestsPerSecond) * 100) });
  }

  // For information, without a target: the same page for a logged-in user, who is never
  // served from the page cache (their user tools and CSRF token are their own).
  const loggedInServer = await startQuire('logged in');
  const loggedIn = await measure(loggedInServer, { cookie: `quire_session=${await adminSession()}` });

  const rows = [summarise(rounds.map((r) => r.pageView)), summarise(rounds.map((r) => r.bareRoute))];
  const [pageView, bareRoute] = rows;
  printTable([...rows, summarise([loggedIn])]);
  const ratioPercent = round1(median(rounds.map((r) => r.ratioPercent)));
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  if (options.rounds > 1) console.log(`\n(medians of ${options.rounds} rounds; ratio per round: ${rounds.map((r) => `${r.ratioPercent} %`).join(', ')})`);
  console.log(`\npage view / bare route: ${ratioPercent} % (target ≥ ${TARGETS.ratioPercent} %: ${verdict(ratioPercent >= TARGETS.ratioPercent)})`);
  console.log(`page view peak RSS: ${pageView.peakRssMb} MB (target < ${TARGETS.rssMb} MB: ${verdict(pageView.peakRssMb < TARGETS.rssMb)})`);
  console.log(`logged in / bare route: ${round1((loggedIn.requestsPerSecond / bareRoute.requestsPerSecond) * 100)} %, peak RSS ${loggedIn.peakRssMb} MB (no target)`);
  console.log(`page size: ${Buffer.byteLength(html)} bytes; ${os.cpus().length} cores; load average ${os.loadavg()[0].toFixed(1)}; node ${process.version}`);

  const resultsDir = path.join(os.tmpdir(), 'quire-bench-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, 'latest.json');
  const report = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, options, targets: TARGETS, ratioPercent, summary: rows, rounds, loggedIn };
  fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${resultsFile}`);

  const failed = [...rows, summarise([loggedIn])].filter((r) => r.non2xx > 0 || r.errors > 0);
  if (failed.length > 0) {
    throw new Error(`requests failed under load: ${failed.map((r) => `${r.target} (${r.non2xx} non-2xx, ${r.errors} errors or timeouts)`).join('; ')}`);
  }
}

/** The scale phase: p99 of search and recent changes over 10,000 pages and 100,000 revisions. */
async function scale() {
  const { generated, generationSeconds, rows } = await runScalePhase({
    root: ROOT,
    pages: options.scalePages,
    revisions: options.scaleRevisions,
    connections: options.scaleConnections,
    duration: options.duration,
    warmup: options.warmup,
  });
  const header = ['target', 'req/s (avg)', 'p50 ms', 'p99 ms', 'non-2xx'];
  const lines = rows.map((r) => [r.target, String(Math.round(r.requestsPerSecond)), String(r.latencyP50Ms), String(r.latencyP99Ms), String(r.non2xx)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const searchP99 = Math.max(rows[0].latencyP99Ms, rows[1].latencyP99Ms);
  const recentP99 = rows[2].latencyP99Ms;
  console.log(`\n${generated.pages} pages, ${generated.revisions} revisions generated in ${generationSeconds.toFixed(1)} s; ${options.scaleConnections} connection(s); load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`search p99: ${searchP99} ms (target < ${SCALE_TARGETS.searchP99Ms} ms: ${verdict(searchP99 < SCALE_TARGETS.searchP99Ms)})`);
  console.log(`recent changes p99: ${recentP99} ms (target < ${SCALE_TARGETS.recentP99Ms} ms: ${verdict(recentP99 < SCALE_TARGETS.recentP99Ms)})`);
  const resultsDir = path.join(os.tmpdir(), 'quire-bench-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, options, targets: SCALE_TARGETS, generated, generationSeconds, results: rows };
  fs.writeFileSync(path.join(resultsDir, 'scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results: ${path.join(resultsDir, 'scale.json')}`);
  const failed = rows.filter((r) => r.non2xx > 0 || r.errors > 0);
  if (failed.length > 0) throw new Error(`requests failed under load: ${failed.map((r) => r.target).join(', ')}`);
}

(async () => {
  if (options.pageView) await main();
  if (options.scale) await scale();
})().then(
  () => process.exit(0),
  (error) => {
    console.error(`\nbench failed: ${error.stack ?? error}`);
    process.exit(1);
  },
);
