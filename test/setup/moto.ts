/**
 * Vitest globalSetup: a real CloudWatch emulator (moto's server) for test/metrics.
 *
 * - AWS_ENDPOINT_URL_CLOUDWATCH set: that endpoint is used as is (nothing is started).
 * - Otherwise moto[server] runs from a virtualenv in ${XDG_CACHE_HOME:-~/.cache}/scale-review/moto-venv,
 *   created once (into a temporary sibling that is renamed when complete, so a half-made venv is
 *   never used), and started on a free loopback port for this run.
 * - Without python3 the run fails and says what to install: it never skips.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of a CloudWatch-compatible endpoint (moto's server). */
    cloudwatchEndpoint: string;
  }
}

/** Pinned so every machine tests against the emulator behaviour documented in docs/metrics.md. */
const MOTO_REQUIREMENT = 'moto[server]==5.2.5';
const STARTUP_TIMEOUT_MS = 60_000;
const INSTALL_HINT =
  'install Python 3 (>= 3.9, with the venv module: e.g. `apt-get install python3 python3-venv`), ' +
  'or set AWS_ENDPOINT_URL_CLOUDWATCH to a running CloudWatch emulator (e.g. `moto_server -p 5000`)';

function cacheHome(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache');
}

function venvPython(venv: string): string {
  return process.platform === 'win32'
    ? join(venv, 'Scripts', 'python.exe')
    : join(venv, 'bin', 'python');
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().slice(-2000);
    throw new Error(
      `${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
}

/** Why the system python3 cannot make the moto venv, with the fix; null when it can. */
function systemPythonProblem(): string | null {
  const probe = 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 3)';
  const result = spawnSync('python3', ['-c', probe], { encoding: 'utf8' });
  if (result.error !== undefined) {
    return `python3 was not found (${result.error.message}); ${INSTALL_HINT}`;
  }
  if (result.status === 3) return `python3 is older than 3.9; ${INSTALL_HINT}`;
  if (result.status !== 0) {
    return `python3 has no venv module (${result.stderr.trim()}); ${INSTALL_HINT}`;
  }
  return null;
}

function checkSystemPython(): void {
  const problem = systemPythonProblem();
  if (problem !== null) throw new Error(`moto setup: ${problem}`);
}

function motoVenv(): string {
  return join(cacheHome(), 'scale-review', 'moto-venv');
}

/** For test/setup/preflight.ts: nothing is missing with AWS_ENDPOINT_URL_CLOUDWATCH, a venv, or python3. */
export const motoToolCheck = {
  name: `moto (${MOTO_REQUIREMENT}, the CloudWatch tests)`,
  check(): string | null {
    const external = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
    if (external !== undefined && external !== '') return null;
    if (existsSync(venvPython(motoVenv()))) return null;
    return systemPythonProblem();
  },
} as const;

/** The venv's python, creating the venv with moto[server] on first use. */
export async function ensureMotoVenv(): Promise<string> {
  const venv = motoVenv();
  const python = venvPython(venv);
  if (existsSync(python)) {
    run(
      python,
      ['-c', 'import moto.server'],
      `moto setup: checking ${venv} (delete it to rebuild)`,
    );
    return python;
  }
  checkSystemPython();
  await mkdir(dirname(venv), { recursive: true });
  const staging = `${venv}.tmp-${process.pid}-${Date.now()}`;
  try {
    run('python3', ['-m', 'venv', staging], `moto setup: python3 -m venv ${staging}`);
    const pip = [
      venvPython(staging),
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--quiet',
    ];
    run(
      pip[0] ?? 'python3',
      [...pip.slice(1), MOTO_REQUIREMENT],
      `moto setup: pip install '${MOTO_REQUIREMENT}'`,
    );
    await rename(staging, venv);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another run may have finished the same venv first; use it.
    if (!existsSync(python)) throw error;
  }
  return python;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilReady(
  child: ChildProcess,
  url: string,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || output().includes('spawn failed:')) {
      throw new Error(`moto server exited with code ${child.exitCode}:\n${output()}`);
    }
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `moto server did not answer on ${url} within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export interface RunningMoto {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  /** The server's process id (benchmarks pin it to a CPU). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** moto's server from the cached venv (created on first use) on a free loopback port. */
export async function startMoto(): Promise<RunningMoto> {
  const python = await ensureMotoVenv();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep draining moto's request log (a full pipe would block it); remember the tail for errors.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(Buffer.from(`spawn failed: ${error.message}\n`)));
  try {
    await waitUntilReady(child, url, () => tail);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url, pid: child.pid, stop: () => stop(child) };
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  if (external !== undefined && external !== '') {
    project.provide('cloudwatchEndpoint', external.replace(/\/+$/, ''));
    return async () => {};
  }
  const moto = await startMoto();
  project.provide('cloudwatchEndpoint', moto.url);
  return () => moto.stop();
}
