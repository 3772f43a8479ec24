import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { EVENT_NAMES, SLASH_COMMAND } from '../../blocks/ids.js';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';

const MANIFEST_PATH = join(import.meta.dirname, '..', '..', 'manifest.yml');
const text = readFileSync(MANIFEST_PATH, 'utf8');

const manifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1), description: z.string().min(1) }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean() }),
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(
      z.object({
        command: z.string(),
        description: z.string().min(1),
        usage_hint: z.string().min(1),
      }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean() }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(parse(text));

/** The scopes in the README's table (its first column), in order. */
function readmeScopes(): string[] {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('| Bot scope');
  const table = readme.slice(start).split('\n\n')[0] ?? '';
  return [...table.matchAll(/^\| `([a-z:]+)`/gm)].map((m) => m[1] ?? '');
}

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('manifest.yml matches what the app registers', () => {
  it('declares exactly the slash commands the app listens to', () => {
    const registered = [...h.bot.slackDeps.registry.commands].sort();
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(registered);
    expect(registered).toEqual([SLASH_COMMAND]);
  });

  it('subscribes to exactly the bot events the app listens to, with the Home tab on', () => {
    const registered = [...h.bot.slackDeps.registry.events].sort();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(registered);
    expect(manifest.features.app_home.home_tab_enabled).toBe(
      registered.includes(EVENT_NAMES.appHomeOpened),
    );
  });

  it('enables interactivity exactly when the app handles actions', () => {
    const { registry } = h.bot.slackDeps;
    expect(registry.actions.size).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(registry.interactivity);
  });

  it('turns Socket Mode on by default', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for the scopes the app uses, each justified by a comment', () => {
    // Arrange: commands (the slash command), chat:write (chat.update), users:read (users.info),
    // channels:read, groups:read and mpim:read (conversations.info at /scale subscribe),
    // canvases:write and canvases:read (the capacity plan canvas: create, edit, sections lookup)
    const needed = [
      'commands',
      'chat:write',
      'users:read',
      'channels:read',
      'groups:read',
      'mpim:read',
      'canvases:write',
      'canvases:read',
    ];
    const comments = text.split('\n').filter((line) => line.trimStart().startsWith('#'));
    // Act
    const unjustified = manifest.oauth_config.scopes.bot.filter(
      (scope) => !comments.some((line) => line.includes(`${scope}:`) || line.includes(`${scope} `)),
    );
    // Assert
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(needed));
    expect(unjustified).toEqual([]);
  });

  it("lists exactly its scopes in the README's scope table", () => {
    expect(readmeScopes()).toEqual(manifest.oauth_config.scopes.bot);
  });
});
