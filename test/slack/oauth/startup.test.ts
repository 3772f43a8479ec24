import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStartupError } from '../../../src/bootstrap/startup-error.js';
import { EnvConfigError } from '../../../src/config/bot-env.js';
import { base64Key } from '../../secrets/keys.js';
import { ALPHA, startOAuthHarness } from '../../support/oauth-harness.js';

/**
 * OAuth mode's start with a SEALING_KEYS that does not open what the store holds: the bot refuses
 * to start with one line that names the variable and the key id, never a key or a token.
 */

describe('OAuth mode: a SEALING_KEYS that does not open the stored installations', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scale-review-oauth-keys-'));
    const h = await startOAuthHarness({ workspaces: [ALPHA], env: { DATA_DIR: dataDir } });
    const walk = await h.install({ teamId: ALPHA.teamId });
    expect(walk.callback.status).toBe(200);
    await h.close();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function startWith(sealingKeys: string): Promise<unknown> {
    try {
      const h = await startOAuthHarness({
        workspaces: [ALPHA],
        env: { DATA_DIR: dataDir, SEALING_KEYS: sealingKeys },
      });
      await h.close();
    } catch (error) {
      return error;
    }
    return null;
  }

  it('fails the start with one line when the key under the id is another', async () => {
    // Arrange
    const wrongKey = base64Key(99);
    // Act
    const error = await startWith(`k1:${wrongKey}`);
    // Assert
    expect(error).toBeInstanceOf(EnvConfigError);
    const failure = describeStartupError(error);
    expect(failure.exitCode).toBe(2);
    expect(failure.lines).toEqual([
      'SEALING_KEYS does not open the Slack installations in the store: a stored secret sealed with key id "k1" did not open: SEALING_KEYS has another key under "k1" (restore the original key under that id and give a new key a new id), or the value was altered or belongs to another workspace or field',
    ]);
    expect(failure.lines.join('')).not.toContain(wrongKey);
  });

  it('fails the start with one line when the key id is not in the ring', async () => {
    // Act
    const error = await startWith(`k2:${base64Key(42)}`);
    // Assert
    expect(describeStartupError(error).lines).toEqual([
      'SEALING_KEYS does not open the Slack installations in the store: a stored secret was sealed with key id "k1", which is not in SEALING_KEYS (it has "k2"): put that key back into SEALING_KEYS, after the active one, and restart',
    ]);
  });

  it('starts with the right key, a newer one first (rotation)', async () => {
    // Act
    const error = await startWith(`k2:${base64Key(42)},k1:${base64Key(7)}`);
    // Assert
    expect(error).toBeNull();
  });
});
