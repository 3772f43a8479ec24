import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { SCOPE_PATTERN, SLACK_BOT_SCOPES } from '../../src/config/slack-scopes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const botScopes = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
});

function manifestScopes(file: string): string[] {
  return botScopes.parse(parse(readFileSync(join(ROOT, file), 'utf8'))).oauth_config.scopes.bot;
}

describe('SLACK_BOT_SCOPES', () => {
  it.each(['manifest.yml', 'manifest.http.yml'])('are the bot scopes of %s, in order', (file) => {
    expect(manifestScopes(file)).toEqual([...SLACK_BOT_SCOPES]);
  });

  it('each match the scope pattern SLACK_SCOPES is checked with', () => {
    expect(SLACK_BOT_SCOPES.filter((scope) => !SCOPE_PATTERN.test(scope))).toEqual([]);
    expect(
      ['chat write', 'Chat:write', ':read', 'x:'].filter((s) => SCOPE_PATTERN.test(s)),
    ).toEqual([]);
  });
});
