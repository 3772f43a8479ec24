import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, TEST_BOT_TOKEN } from '../support/bot-harness.js';
import { FakeSlack } from '../support/fake-slack.js';
import { TEST_SIGNING_SECRET } from '../support/slack-request.js';
import { PROCESS_DEADLINE_MS, waitUntil } from '../support/wait.js';

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'src', 'main.js');
let dir: string;

beforeAll(async () => {
  if (!existsSync(MAIN)) {
    throw new Error(
      `${MAIN} is missing: run \`npm run build\` first (\`npm test\` does it for you)`,
    );
  }
  dir = await mkdtemp(join(tmpdir(), 'scale-review-main-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The environment of `npm start`, without the developer's own variables. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: dir, ...extra };
}

describe('npm start (dist/src/main.js)', () => {
  it('exits 2 with one line per configuration problem', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      cwd: dir,
      env: baseEnv({ SLACK_BOT_TOKEN: 'xoxp-user-token' }),
      encoding: 'utf8',
      timeout: PROCESS_DEADLINE_MS,
    });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"'),
      expect.stringContaining('SLACK_SIGNING_SECRET is not set'),
    ]);
    expect(result.stderr).not.toContain('xoxp-user-token');
  });

  it('refuses a .env copied from .env.example and left unedited, naming the placeholder', async () => {
    // Arrange: `cp .env.example .env`, as the README says, and nothing filled in.
    const cwd = join(dir, 'unedited-dotenv');
    await mkdir(cwd);
    await copyFile(join(import.meta.dirname, '..', '..', '.env.example'), join(cwd, '.env'));

    // Act
    const result = spawnSync(process.execPath, [MAIN], {
      cwd,
      env: baseEnv({}),
      encoding: 'utf8',
      timeout: 20_000,
    });

    // Assert: the app-token line is commented out, so this is HTTP mode, not Socket Mode.
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'scale-review: SLACK_BOT_TOKEN is still the placeholder from .env.example (xoxb-...): paste the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page',
      expect.stringContaining('scale-review: SLACK_SIGNING_SECRET is not set'),
    ]);
  });

  describe('running in HTTP mode', () => {
    let slack: FakeSlack;
    let child: ChildProcess;
    let stdout = '';
    let port: number;

    beforeAll(async () => {
      slack = new FakeSlack();
      const { apiUrl } = await slack.start();
      port = await freePort();
      // The tokens come from ./.env, as the README tells a newcomer to do.
      const cwd = join(dir, 'with-dotenv');
      await mkdir(cwd);
      await writeFile(
        join(cwd, '.env'),
        `SLACK_BOT_TOKEN=${TEST_BOT_TOKEN}\nSLACK_SIGNING_SECRET="${TEST_SIGNING_SECRET}"\n`,
      );
      child = spawn(process.execPath, [MAIN], {
        cwd,
        env: baseEnv({
          SLACK_API_URL: apiUrl,
          PORT: String(port),
          DATA_DIR: join(dir, 'data'),
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk) => {
        stdout += String(chunk);
      });
      await waitUntil(() => stdout.includes('Scale Review is running'), {
        deadlineMs: PROCESS_DEADLINE_MS,
        what: 'the bot to start',
      });
    });

    afterAll(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await slack.close();
    });

    it('serves /healthz, then stops on SIGTERM with exit code 0', async () => {
      // Act
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      child.kill('SIGTERM');
      // Assert
      expect(health.status).toBe(200);
      expect(await exited).toBe(0);
      expect(stdout).toContain('"msg":"stopped"');
      expect(stdout).not.toContain(TEST_BOT_TOKEN);
    });
  });
});
