/**
 * Vitest globalSetup: a real MongoDB-wire server for the store tests.
 *
 * - MONGODB_URL set: that server is used as is (each test file creates and drops its own database).
 * - Otherwise FerretDB 1.24.2 runs from ${XDG_CACHE_HOME:-~/.cache}/scale-review/ferretdb-1.24.2/bin,
 *   built once with Go, on a free loopback port, with the SQLite backend in a fresh temporary
 *   directory that is removed afterwards.
 * - Neither MONGODB_URL nor Go: the run fails and says what to install or set. It never skips.
 *
 * Why not plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: the module zip
 * lacks the generated build/version/version.txt, so that binary panics at start-up ("Invalid
 * build/version/version.txt file content"). We build the same tagged module source with that file
 * written, which is what FerretDB's own `bin/task gen-version` does.
 */

import { type ChildProcess, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { TestProject } from 'vitest/node';
import { spawnServer } from './server-process.js';

export { freePort } from '../support/free-port.js';

import { freePort } from '../support/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A MongoDB-wire server for this run (no database in the path). */
    mongodbUrl: string;
    /** The FerretDB binary, so a test can run a private server it stops and restarts; null with MONGODB_URL. */
    ferretdbBinary: string | null;
  }
}

export const FERRETDB_VERSION = '1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const STARTUP_TIMEOUT_MS = 30_000;
const GO_HINT =
  'install Go 1.24 or newer (https://go.dev/dl/; FerretDB 1.24.2 needs it) so the test setup can build FerretDB once, ' +
  'or set MONGODB_URL to a MongoDB server the tests may use (each test file creates and drops its own database)';

function cacheHome(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache');
}

export function ferretdbBinaryPath(): string {
  return join(cacheHome(), 'scale-review', `ferretdb-${FERRETDB_VERSION}`, 'bin', 'ferretdb');
}

function run(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().slice(-3000);
    throw new Error(
      `ferretdb setup: \`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
  return result.stdout;
}

function works(binary: string): boolean {
  if (!existsSync(binary)) return false;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.includes(`v${FERRETDB_VERSION}`);
}

function makeWritable(path: string): void {
  chmodSync(path, statSync(path).mode | 0o200);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

/** Why Go cannot build FerretDB, with the fix; null when `go version` runs. */
function goProblem(): string | null {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (result.error === undefined && result.status === 0) return null;
  return `not built yet and Go was not found (${result.error?.message ?? result.stderr.trim()}): ${GO_HINT}`;
}

function checkGo(): void {
  const problem = goProblem();
  if (problem !== null) throw new Error(`FerretDB ${FERRETDB_VERSION} is ${problem}`);
}

/** For test/setup/preflight.ts: nothing is missing with MONGODB_URL, a cached build, or Go. */
export const ferretdbToolCheck = {
  name: `FerretDB ${FERRETDB_VERSION} (the MongoDB tests)`,
  check(): string | null {
    const external = process.env.MONGODB_URL?.trim();
    if (external !== undefined && external !== '') return null;
    if (works(ferretdbBinaryPath())) return null;
    return goProblem();
  },
} as const;

/** Build into a temporary sibling directory, check it, then rename it into place. */
function buildFerretDb(binary: string): void {
  checkGo();
  const root = dirname(dirname(binary));
  mkdirSync(dirname(root), { recursive: true });
  const work = mkdtempSync(join(dirname(root), `.ferretdb-${FERRETDB_VERSION}-build-`));
  process.stderr.write(
    `ferretdb setup: building FerretDB ${FERRETDB_VERSION} once into ${root} (about a minute)\n`,
  );
  try {
    const env = { ...process.env, GOFLAGS: '', GOWORK: 'off', CGO_ENABLED: '0' };
    const info = JSON.parse(
      run('go', ['mod', 'download', '-json', `${MODULE}@v${FERRETDB_VERSION}`], work, env),
    ) as { Dir?: string };
    if (info.Dir === undefined) throw new Error('ferretdb setup: `go mod download` gave no Dir');
    const source = join(work, 'src');
    cpSync(info.Dir, source, { recursive: true });
    makeWritable(source);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `v${FERRETDB_VERSION}\n`);
    const built = join(work, 'bin', 'ferretdb');
    run(
      'go',
      ['build', '-trimpath', '-buildvcs=false', '-o', built, './cmd/ferretdb'],
      source,
      env,
    );
    if (!works(built)) throw new Error(`ferretdb setup: the freshly built ${built} does not start`);
    mkdirSync(dirname(binary), { recursive: true });
    renameSync(built, binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The FerretDB binary, built on first use (or rebuilt when the cached one does not start). */
export function ensureFerretDb(): string {
  const binary = ferretdbBinaryPath();
  if (!works(binary)) buildFerretDb(binary);
  return binary;
}

/** The flags we run FerretDB with (see `ferretdb --help`). */
export function ferretdbArgs(dataDir: string, port: number): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
}

export interface RunningFerretDb {
  url: string;
  port: number;
  dataDir: string;
  /** The server's process id (benchmarks pin it to a CPU). */
  pid: number | undefined;
  /** SIGTERM (graceful) or SIGKILL (a crash); resolves when the process has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`FerretDB exited with code ${child.exitCode} during start-up:\n${output()}`);
    }
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 250, connectTimeoutMS: 250 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `FerretDB did not answer a ping within ${STARTUP_TIMEOUT_MS} ms (${String(error)}):\n${output()}`,
        );
      }
    } finally {
      await client.close();
    }
  }
}

/** Start FerretDB on 127.0.0.1:port (a free one by default) with its SQLite files in dataDir. */
export async function startFerretDb(options: {
  binary: string;
  dataDir: string;
  port?: number;
}): Promise<RunningFerretDb> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  const server = spawnServer(options.binary, ferretdbArgs(options.dataDir, port), {
    stopSignal: 'SIGTERM',
    graceMs: 5_000,
  });
  const { child, stop } = server;
  const url = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(url, child, server.output);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return { url, port, dataDir: options.dataDir, pid: child.pid, stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MONGODB_URL?.trim();
  if (external !== undefined && external !== '') {
    project.provide('mongodbUrl', external);
    project.provide('ferretdbBinary', null);
    return async () => undefined;
  }
  const binary = ensureFerretDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'scale-review-ferretdb-'));
  const server = await startFerretDb({ binary, dataDir });
  project.provide('mongodbUrl', server.url);
  project.provide('ferretdbBinary', binary);
  return async () => {
    await server.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
