import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  ackButton,
  decisionsOf,
  freshStatus,
  fromEphemeral,
  newTeam,
  onlyReply,
  visibleText,
} from './helpers.js';

describe('the store is down', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    h.store.down = false;
    h.store.goDownAt = null;
  });

  it('a click whose decision failed as the store went down is not a duplicate when clicked again', async () => {
    // Arrange: the store goes down between the double-click key and the decision, so the key
    // cannot be forgotten either
    const team = newTeam();
    const { rec } = await freshStatus(h, team);
    h.store.goDownAt = 'decisions.record';
    const failed = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585300.000001' },
      fromEphemeral,
    );
    const refusal = await onlyReply(h, failed.responseId);
    h.store.goDownAt = null;
    h.store.down = false;

    // Act: the user clicks again once the store is back
    const again = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585315.000001' },
      fromEphemeral,
    );
    const reply = await onlyReply(h, again.responseId);

    // Assert
    expect(visibleText(refusal)).toContain('unavailable right now (decisions.record)');
    expect(h.logs.join('')).toContain('could not release decision idempotency keys');
    expect(visibleText(reply)).toContain('Acknowledged by <@U1ANA>');
    expect((await decisionsOf(h, rec.reviewId)).map((d) => d.kind)).toEqual(['ack']);
  });

  it.each(['status', 'history', 'subscribe', 'unsubscribe'])(
    '`/scale %s` gets an ephemeral error, not silence',
    async (text) => {
      h.store.down = true;
      const sent = await h.command(text, { channel_id: 'C0DOWN' });
      const reply = await onlyReply(h, sent.responseId);
      expect(sent.response.status).toBe(200);
      expect(reply.response_type).toBe('ephemeral');
      expect(visibleText(reply)).toContain('The review history store is unavailable right now');
    },
  );

  it('`/scale project` still answers, with the plan defaults, and says why', async () => {
    h.store.down = true;
    const reply = await onlyReply(h, (await h.command('project 2k')).responseId);
    expect(visibleText(reply)).toContain('Projection');
    expect(visibleText(reply)).toContain('history is unavailable right now');
  });
});

describe('no metrics source configured', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ metrics: null, health: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('`/scale status` explains what to configure and what still works', async () => {
    const reply = await onlyReply(h, (await h.command('status')).responseId);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toContain(
      'Metrics not configured: no source yet — add a `metrics:` section to scale-review.yml (CloudWatch, PostgreSQL, a file or a URL), or set AWS_REGION for CloudWatch.',
    );
    expect(visibleText(reply)).not.toContain('CloudWatch not configured');
    expect(visibleText(reply)).toContain('`/scale project` and `/scale cost` still work');
  });

  it('`/scale project` and `/scale cost` still work', async () => {
    const project = await onlyReply(h, (await h.command('project 2k 30% 3')).responseId);
    const cost = await onlyReply(h, (await h.command('cost next')).responseId);
    expect(visibleText(project)).toContain('2,000 → 4,394 conversations/month');
    expect(visibleText(cost)).not.toContain(':warning:');
    expect(visibleText(cost)).toContain('$');
  });

  it('the internal /status reports the metrics source as not configured', async () => {
    const status = await (await fetch(`${h.healthUrl}/status`)).json();
    expect(status).toMatchObject({ status: 'ready', metrics: { configured: false } });
  });
});

describe('ack() comes before any slow dependency', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the HTTP 200 returns while the metrics fetch is still pending', async () => {
    // Arrange
    const metrics = h.metrics;
    if (!metrics) throw new Error('the harness should have a fake metrics source');
    const release = metrics.hold();
    // Act
    const sent = await h.command('status');
    const statusWhileHeld = sent.response.status;
    const resolvedWhileHeld = metrics.resolved;
    const repliesWhileHeld = h.slack.responses(sent.responseId).length;
    release();
    const reply = await onlyReply(h, sent.responseId);
    // Assert
    expect(statusWhileHeld).toBe(200);
    expect(resolvedWhileHeld).toBe(0);
    expect(repliesWhileHeld).toBe(0);
    expect(visibleText(reply)).toContain('Scaling Indicators');
  });

  it('the HTTP 200 returns while the store is still stalled', async () => {
    const release = h.store.hold();
    const sent = await h.command('history');
    const statusWhileHeld = sent.response.status;
    const repliesWhileHeld = h.slack.responses(sent.responseId).length;
    release();
    const reply = await onlyReply(h, sent.responseId);
    expect(statusWhileHeld).toBe(200);
    expect(repliesWhileHeld).toBe(0);
    expect(visibleText(reply)).toContain('Review history');
  });
});
