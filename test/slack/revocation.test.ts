import { describe, expect, it } from 'vitest';
import { revocationOf } from '../../src/slack/events/uninstall.js';

/** https://docs.slack.dev/reference/events/tokens_revoked: user ids by kind of token. */
describe('revocationOf (tokens_revoked)', () => {
  it.each([
    ['a bot token', { type: 'tokens_revoked', tokens: { bot: ['U0BOT'] } }, 'bot'],
    [
      'a bot token and user tokens',
      { type: 'tokens_revoked', tokens: { oauth: ['U1ANA'], bot: ['U0BOT'] } },
      'bot',
    ],
    ['user tokens only', { type: 'tokens_revoked', tokens: { oauth: ['U1ANA'] } }, 'users-only'],
    ['an empty bot list', { type: 'tokens_revoked', tokens: { bot: [] } }, 'users-only'],
    ['no tokens field', { type: 'tokens_revoked' }, 'malformed'],
    [
      'user ids that are not strings',
      { type: 'tokens_revoked', tokens: { bot: [1] } },
      'malformed',
    ],
  ])('%s', (_, event, expected) => {
    // Act
    const revocation = revocationOf(event);
    // Assert
    expect(revocation).toBe(expected);
  });
});
