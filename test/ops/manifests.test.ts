import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { REDIRECT_PATH } from '../../src/slack/oauth/installer.js';
import { EVENTS_PATH } from '../../src/slack/receivers/http-receiver.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';

/**
 * manifest.http.yml is manifest.yml for HTTP mode: the same app, Socket Mode off, the request URL
 * of the one events endpoint in the three places Slack needs it, and the OAuth redirect URL of the
 * installable app (OAuth mode). Both are held to the
 * listeners the app registers (test/slack/manifest.test.ts checks manifest.yml in detail).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const load = (name: string) => parse(readFileSync(join(ROOT, name), 'utf8')) as Manifest;
const REQUEST_URL = `https://YOUR-HOST${EVENTS_PATH}`;

const manifestSchema = z.object({
  _metadata: z.strictObject({ major_version: z.literal(1), minor_version: z.number().int() }),
  features: z.object({
    slash_commands: z.array(z.object({ command: z.string(), url: z.string().optional() })),
  }),
  oauth_config: z.object({ redirect_urls: z.array(z.string()).optional() }),
  settings: z.object({
    event_subscriptions: z.object({
      request_url: z.string().optional(),
      bot_events: z.array(z.string()),
    }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    socket_mode_enabled: z.boolean(),
  }),
});
type Manifest = z.infer<typeof manifestSchema> & Record<string, unknown>;

/** What manifest.yml becomes in HTTP mode. */
function httpVariant(socket: Manifest): Manifest {
  const copy = structuredClone(socket);
  for (const command of copy.features.slash_commands) command.url = REQUEST_URL;
  copy.settings.event_subscriptions.request_url = REQUEST_URL;
  copy.settings.interactivity.request_url = REQUEST_URL;
  copy.settings.socket_mode_enabled = false;
  copy.oauth_config.redirect_urls = [`https://YOUR-HOST${REDIRECT_PATH}`];
  return copy;
}

const socket = load('manifest.yml');
const http = load('manifest.http.yml');

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('manifest.http.yml', () => {
  it('is manifest.yml with Socket Mode off and the request URLs of the events endpoint', () => {
    expect(http).toEqual(httpVariant(socket));
  });

  it.each([
    ['manifest.yml', socket],
    ['manifest.http.yml', http],
  ])('%s carries _metadata as Slack exports it, and declares what the app listens to', (_, m) => {
    const manifest = manifestSchema.parse(m);
    const { registry } = h.bot.slackDeps;
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(
      [...registry.commands].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...registry.events].sort(),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(registry.interactivity);
  });

  it('is served by the bot at that path in HTTP mode', async () => {
    const response = await fetch(`${h.baseUrl}${EVENTS_PATH}`, { method: 'POST', body: '' });
    expect(response.status).not.toBe(404);
  });
});
