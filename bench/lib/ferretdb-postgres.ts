import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { ensureFerretDb, FERRETDB_VERSION, freePort } from '../../test/setup/ferretdb.js';
import {
  findPostgres,
  prepareCluster,
  type RunningPostgres,
  startPostgres,
} from '../../test/setup/postgres.js';
import { spawnServer } from '../../test/setup/server-process.js';

/**
 * FerretDB over PostgreSQL: the same FerretDB 1.24.2 binary as the tests' (test/setup/ferretdb.ts)
 * with its PostgreSQL backend, on a PostgreSQL cluster made as the tests make theirs
 * (test/setup/postgres.ts: Debian's package, a throw-away cluster on loopback). FerretDB 1.x's
 * SQLite backend, which the tests and the other benchmarks use, filters most queries in FerretDB
 * itself, so a lookup costs in proportion to its collection (docs/benchmarks.md, 6).
 */

export interface FerretDbOnPostgres {
  /** mongodb://127.0.0.1:PORT/ (no database in the path). */
  mongodbUrl: string;
  /** One line: what serves the store. */
  description: string;
  stop(): Promise<void>;
}

const FERRETDB_DATABASE = 'ferretdb';
const STARTUP_MS = 30_000;

async function waitForPing(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 250, connectTimeoutMS: 250 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `FerretDB (PostgreSQL) did not answer a ping: ${String(error)}\n${output()}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.close();
    }
  }
}

async function createDatabase(server: RunningPostgres): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${FERRETDB_DATABASE}`);
  } finally {
    await client.end();
  }
  return server.url.replace('/postgres?', `/${FERRETDB_DATABASE}?`);
}

export async function startFerretDbOnPostgres(): Promise<FerretDbOnPostgres> {
  const install = findPostgres();
  const dataDir = prepareCluster(install);
  const postgres = await startPostgres({ install, dataDir });
  const stateDir = mkdtempSync(join(tmpdir(), 'scale-review-bench-ferretdb-pg-'));
  const removeCluster = async () => {
    await postgres.stop();
    rmSync(dirname(dataDir), { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    const postgresqlUrl = await createDatabase(postgres);
    const port = await freePort();
    const ferret = spawnServer(
      ensureFerretDb(),
      [
        '--handler=postgresql',
        `--postgresql-url=${postgresqlUrl}`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${stateDir}`,
        '--telemetry=disable',
        '--debug-addr=-',
        '--log-level=warn',
      ],
      { cwd: tmpdir(), stopSignal: 'SIGTERM', graceMs: 10_000 },
    );
    const mongodbUrl = `mongodb://127.0.0.1:${port}/`;
    try {
      await waitForPing(mongodbUrl, ferret.output);
    } catch (error) {
      await ferret.stop('SIGKILL');
      throw error;
    }
    return {
      mongodbUrl,
      description: `FerretDB ${FERRETDB_VERSION} (PostgreSQL ${install.major} backend)`,
      stop: async () => {
        await ferret.stop();
        await removeCluster();
      },
    };
  } catch (error) {
    await removeCluster();
    throw error;
  }
}
