import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStartupError } from '../../src/bootstrap/startup-error.js';
import { freePort, startBotHarness } from '../support/bot-harness.js';

/** Something else listening on a port, as another process would. */
async function occupy(): Promise<{ port: number; server: Server }> {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
}

async function startFailure(env: Record<string, string>) {
  return startBotHarness({ env }).then(
    async (h) => {
      await h.close();
      return null;
    },
    (error: unknown) => describeStartupError(error),
  );
}

describe('a port in use stops the start with one line, before the store is opened', () => {
  let dir: string;
  let taken: { port: number; server: Server };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scale-review-ports-'));
    taken = await occupy();
  });

  afterAll(async () => {
    await new Promise((resolve) => taken.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['PORT', 'set PORT to a free port, or stop what listens on it'],
    ['HEALTH_PORT', 'set HEALTH_PORT to a free port, or unset it'],
  ])('%s', async (variable, fix) => {
    // Arrange
    const dataDir = join(dir, variable);

    // Act
    const failure = await startFailure({ [variable]: String(taken.port), DATA_DIR: dataDir });

    // Assert: the same line for both, and the embedded store never created.
    expect(failure).toEqual({
      lines: [`${variable} ${taken.port} is already in use: ${fix}`],
      exitCode: 2,
    });
    expect(existsSync(dataDir)).toBe(false);
  });
});
