import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInboxDatabase,
  type InboxDatabase,
  passwordForms,
} from '../metrics/support/postgres.js';
import { PROCESS_DEADLINE_MS } from '../support/wait.js';
import { BIN } from './cli-harness.js';

/**
 * The built CLI against the seeded support inbox on the test PostgreSQL server, as a stage 1-2 team
 * runs it: `metrics.source: postgres` and SCALE_REVIEW_DATABASE_URL. The login's password (full of
 * URL-special characters) must appear nowhere in what the CLI prints, right or wrong.
 */

let db: InboxDatabase;
let dir: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  db = await createInboxDatabase();
  dir = mkdtempSync(join(tmpdir(), 'scale-review-pg-cli-'));
  writeFileSync(join(dir, 'scale-review.yml'), 'metrics:\n  source: postgres\n');
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

function status(databaseUrl: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, SCALE_REVIEW_DATABASE_URL: databaseUrl };
  for (const name of ['SCALE_REVIEW_CONFIG', 'MONGODB_URL', 'DATA_DIR', 'AWS_REGION'])
    delete env[name];
  const result = spawnSync(process.execPath, [BIN, 'status', ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: PROCESS_DEADLINE_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scale-review status with the PostgreSQL source', () => {
  it('reviews the database and names the source, without the password', () => {
    const { code, stdout, stderr } = status(db.url);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      new RegExp(
        `\\nMetrics: PostgreSQL postgres://${db.user}@127\\.0\\.0\\.1:\\d+/${db.name}\\?sslmode=disable\\n`,
      ),
    );
    for (const form of passwordForms(db.password)) expect(stdout).not.toContain(form);
  });

  it('refuses a wrong password in one line with the fix, printing no password', () => {
    const wrong = `${db.password}-old`;
    const { code, stdout, stderr } = status(db.urlWith({ sslmode: 'disable' }, wrong));

    expect(code).toBe(2);
    expect(stderr).toBe(
      "scale-review: PostgreSQL not configured: the server rejected the password — put the database user's current password in SCALE_REVIEW_DATABASE_URL\n",
    );
    for (const form of [...passwordForms(db.password), ...passwordForms(wrong)]) {
      expect(`${stdout}${stderr}`).not.toContain(form);
    }
  });

  it('prints the values and the JSON source with the detail and the window', () => {
    const { code, stdout } = status(db.url, ['--json']);

    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    const indicator = (key: string) =>
      (json.indicators as { key: string; value: number | null; status: string }[]).find(
        (i) => i.key === key,
      );
    expect(indicator('dbStorage')?.value).toBeGreaterThan(1);
    // The seeded conversations are from March 2026, not the 30 days before today's run.
    expect(indicator('conversations')?.value).toBe(0);
    expect(indicator('cpu')?.status).toBe('unknown');
    expect(json.source).toMatchObject({
      kind: 'postgres',
      description: expect.stringMatching(/^PostgreSQL, 7 days to \w{3} \d\d:00 UTC$/),
      detail: expect.stringContaining(`postgres://${db.user}@`),
      window: { periodSeconds: 86_400 },
    });
  });
});
