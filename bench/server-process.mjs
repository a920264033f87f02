// A server under test as a child process: start it, wait until it answers, watch its memory
// from /proc, and stop it (every child is killed if the benchmark itself exits early).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set();

function killAll() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
process.on('exit', killAll);

/** A TCP port nobody listens on right now. */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The node flags `npm start` gives the server (package.json's start script runs
 * `… && node FLAGS dist/server.js`), so the benchmark measures the server as it is run.
 */
export function startFlags(root) {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const match = /(?:^|&&)\s*node((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/server\.js\s*$/.exec(scripts.start);
  if (!match) throw new Error(`package.json's start script does not end in "node [FLAGS] dist/server.js": ${scripts.start}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}

/** Spawns `node ...nodeArgs script` with `env` added, and resolves once GET `${url}/_/health` answers 200. */
export async function startServer({ name, script, cwd, env, port, nodeArgs = [], timeoutMs = 20_000 }) {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before answering (code ${child.exitCode}, signal ${child.signalCode})`);
    try {
      const response = await fetch(`${url}/_/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer ${url}/_/health within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
  return {
    name,
    url,
    pid: child.pid,
    /** SIGTERM (a graceful close), then SIGKILL if it lingers. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or null once the process is gone. */
export function procStatusMb(pid, field) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples VmRSS every `everyMs` until stop() is called; stop() returns the peak and the sample count. */
export function sampleRss(pid, everyMs = 100) {
  let peak = 0;
  let samples = 0;
  const take = () => {
    const rss = procStatusMb(pid, 'VmRSS');
    if (rss === null) return;
    samples += 1;
    peak = Math.max(peak, rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peakMb: peak, samples };
    },
  };
}
