import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import { TEST_SIGNING_SECRET } from '../support/slack-request.js';
import { onlyReply, visibleText } from './helpers.js';

/**
 * Rotating the signing secret: Slack keeps signing with the old secret for a while after a new one
 * is generated (24 h), so the bot accepts SLACK_SIGNING_SECRET (the new one) and
 * SLACK_SIGNING_SECRET_PREVIOUS (the old one) until the previous is removed.
 */

const PREVIOUS = 'the-signing-secret-before-rotation';
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ env: { SLACK_SIGNING_SECRET_PREVIOUS: PREVIOUS } });
});

afterAll(async () => {
  await h?.close();
});

describe('during a signing secret rotation', () => {
  it.each([
    ['the new secret', TEST_SIGNING_SECRET],
    ['the previous secret', PREVIOUS],
  ])('a request signed with %s is served', async (_name, secret) => {
    const sent = await h.command('help', {}, { secret });
    expect(sent.response.status).toBe(200);
    expect(visibleText(await onlyReply(h, sent.responseId))).toContain('Scale Review commands');
  });

  it('a request signed with any other secret is refused with 401', async () => {
    const sent = await h.command('help', {}, { secret: 'a-secret-slack-never-had' });
    await h.idle();
    expect(sent.response.status).toBe(401);
    expect(h.slack.responses(sent.responseId)).toEqual([]);
  });
});
