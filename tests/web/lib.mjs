// What the browser test and the Lighthouse run share: the embedded daemon on a free loopback
// port, and the browser's command line.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const browserPath = process.env.SSS_CHROMIUM || '/usr/bin/chromium';
// Debian's chromium, headless, with nothing of its own on the network.
export const BROWSER_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const READY_MS = 90_000; // the daemon's /readyz (a debug build indexes the catalog slowly)

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function daemonBinary() {
  if (process.env.SSS_DAEMON_BIN) return process.env.SSS_DAEMON_BIN;
  for (const profile of ['release', 'debug']) {
    const bin = path.join(repo, 'target', profile, 'sss-daemon');
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error('no sss-daemon binary: run `cargo build -p sss-daemon` or set SSS_DAEMON_BIN');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the embedded daemon (serving web/, or SSS_WEB_DIR) on a free loopback port and waits for /readyz.
 * Its log goes to `logFile`; `cleanups` gets the function that stops it. Returns its base URL.
 */
export async function startDaemon({ logFile, cleanups }) {
  const bin = daemonBinary();
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  // A data directory of its own, so the test never touches the user's store.
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'sss-web-test-data-'));
  cleanups.push(() => fs.rmSync(data, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  const args = ['--listen', `127.0.0.1:${port}`, '--web-dir', process.env.SSS_WEB_DIR || 'web', '--data-dir', data];
  const child = spawn(bin, args, {
    cwd: repo,
    stdio: ['ignore', log, log],
    env: { ...process.env, SSS_LOG_FORMAT: 'text' },
  });
  let exited = null;
  child.on('exit', (code, signal) => { exited = signal || `exit ${code}`; });
  cleanups.push(() => stopProcess(child, () => exited));
  console.log(`# daemon ${bin} pid ${child.pid} on 127.0.0.1:${port}`);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the daemon stopped (${exited}); see ${logFile}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return base;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the daemon was not ready within ${READY_MS / 1000} s`);
}

async function stopProcess(child, exited) {
  if (exited()) return;
  child.kill('SIGTERM');
  for (let i = 0; i < 50 && !exited(); i++) await sleep(100);
  if (!exited()) child.kill('SIGKILL');
}

/**
 * The run's clean-up: runs `cleanups` last first, once, however many times it is called (the end
 * of the run, a signal, the watchdog); a failing step is logged and the others still run.
 * `cleanup.started` says whether it has begun (the run is ending).
 */
export function cleanerFor(cleanups) {
  let cleaning = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      while (cleanups.length) {
        try {
          await cleanups.pop()();
        } catch (err) {
          console.log(`# cleanup: ${err.message}`);
        }
      }
    })();
    return cleaning;
  };
  Object.defineProperty(cleanup, 'started', { get: () => cleaning !== null });
  return cleanup;
}

/**
 * The run's guards: after `totalMs` the run fails (`what` names it in the message); SIGINT,
 * SIGTERM and SIGHUP stop it. Each cleans up first. Returns the watchdog, for clearTimeout.
 */
export function guardRun(cleanup, totalMs, what) {
  const watchdog = setTimeout(async () => {
    console.log(`not ok - ${what} took longer than ${totalMs / 1000} s`);
    await cleanup();
    process.exit(1);
  }, totalMs);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, async () => {
      console.log(`# ${signal}: stopping`);
      await cleanup();
      process.exit(code);
    });
  }
  return watchdog;
}
