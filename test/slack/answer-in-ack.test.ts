import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness } from '../support/bot-harness.js';
import {
  ackButton,
  firstRecommendation,
  fromEphemeral,
  newTeam,
  onlyReply,
  type Payload,
  visibleText,
} from './helpers.js';

/**
 * Shared status answers and the answer in the ack (issue 13), over signed HTTP against the real
 * bot, with the metrics behind the bot's in-process cache (60 s, as configured by default).
 */

const NOW = new Date('2026-12-01T10:32:00Z');
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ now: NOW, metricsCache: { ttlSeconds: 60, maxStaleSeconds: 300 } });
});

afterAll(async () => {
  await h?.close();
});

/** The message Slack shows from an ack's body (null: an empty ack, the answer follows). */
async function ackBody(response: Response): Promise<Payload | null> {
  const text = await response.text();
  return text === '' ? null : (JSON.parse(text) as Payload);
}

function infoLines(from: number): { msg: string; teamId?: string }[] {
  return h.logs
    .slice(from)
    .map((line) => JSON.parse(line) as { level: number; msg: string; teamId?: string })
    .filter((entry) => entry.level === 30);
}

describe('the answer in the ack', () => {
  it('answers a repeated status in the HTTP 200 itself: no response_url POST, no store call, one log line', async () => {
    // Arrange
    const team = newTeam();
    const coldLogsFrom = h.logs.length;
    const cold = await h.command('status', { team_id: team });
    const coldReply = await onlyReply(h, cold.responseId);
    const coldInfo = infoLines(coldLogsFrom).map((l) => l.msg);
    const storeCalls = h.store.calls;
    const fetches = h.metrics?.fetches;
    const logsFrom = h.logs.length;
    // Act
    const warm = await h.command('status', { team_id: team, user_id: 'U2BEN' });
    const body = await ackBody(warm.response);
    await h.idle();
    // Assert
    expect(await ackBody(cold.response)).toBeNull();
    expect(warm.response.status).toBe(200);
    expect(body).toEqual({
      response_type: 'ephemeral',
      text: coldReply.text,
      blocks: coldReply.blocks,
    });
    expect(h.slack.responses(warm.responseId)).toEqual([]);
    expect(h.store.calls).toBe(storeCalls);
    expect(h.metrics?.fetches).toBe(fetches);
    expect(coldInfo).toEqual(['slash command answered']);
    expect(infoLines(logsFrom).map((l) => l.msg)).toEqual(['slash command answered']);
  });

  it('applies the visibility per user: `status public` from the shared answer is in_channel', async () => {
    const team = newTeam();
    await onlyReply(h, (await h.command('status', { team_id: team })).responseId);

    const sent = await h.command('status public', { team_id: team });
    const body = await ackBody(sent.response);
    await h.idle();

    expect(body?.response_type).toBe('in_channel');
    expect(visibleText(body ?? {})).toContain('Scaling Indicators');
    expect(h.slack.responses(sent.responseId)).toEqual([]);
  });

  it('computes concurrent cold commands of one team once (single flight)', async () => {
    const team = newTeam();
    const answersOf = async () => (await h.bot.slackDeps.tenants.resolve(team)).statusAnswers;
    const before = (await answersOf()).computed;

    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.command('status', { team_id: team, user_id: `U${i}` }),
      ),
    );
    await h.idle();
    // Each command is answered once: in its ack (the answer was ready) or through its response_url.
    const answers = await Promise.all(
      sent.map(async (s) => {
        const inAck = await ackBody(s.response);
        const followed = h.slack.responses(s.responseId).map((r) => r.payload as Payload);
        return inAck === null ? followed : [inAck, ...followed];
      }),
    );

    expect((await answersOf()).computed - before).toBe(1);
    expect(answers.map((a) => a.length)).toEqual(sent.map(() => 1));
    expect(new Set(answers.map((a) => JSON.stringify(a[0]?.blocks))).size).toBe(1);
  });

  it('a decision invalidates the shared answer: the next status is recomputed and shows it', async () => {
    // Arrange
    const team = newTeam();
    const first = await onlyReply(h, (await h.command('status', { team_id: team })).responseId);
    const rec = firstRecommendation(first);
    const click = await h.clickWith(
      { teamId: team, action: ackButton(rec), actionTs: '1764585120.000001' },
      fromEphemeral,
    );
    await onlyReply(h, click.responseId);
    // Act
    const after = await h.command('status', { team_id: team });
    const body = await ackBody(after.response);
    const reply = await onlyReply(h, after.responseId);
    // Assert
    expect(body).toBeNull();
    expect(visibleText(reply)).toContain('Acknowledged by <@U1ANA>');
  });

  it('serves the shared answer until the metrics change, then recomputes once', async () => {
    // Arrange
    const team = newTeam();
    await onlyReply(h, (await h.command('status', { team_id: team })).responseId);
    const metrics = h.metrics;
    if (metrics === null) throw new Error('the harness has a metrics source');
    const snapshot = metrics.snapshot;
    metrics.snapshot = { ...snapshot, cpuPercent: 91 };
    try {
      // Past the metrics TTL and the label grace: the value is stale, so is the answer from it.
      h.setNow(new Date(NOW.getTime() + 91_000));
      const stale = await h.command('status', { team_id: team });
      const staleReply = await onlyReply(h, stale.responseId);
      // Act: the refresh the stale answer started has brought the new numbers.
      const fresh = await h.command('status', { team_id: team });
      const freshReply = await onlyReply(h, fresh.responseId);
      const warm = await h.command('status', { team_id: team });
      const warmBody = await ackBody(warm.response);
      // Assert
      expect(await ackBody(stale.response)).toBeNull();
      expect(visibleText(staleReply)).toContain('as of 10:32 UTC');
      expect(await ackBody(fresh.response)).toBeNull();
      expect(visibleText(freshReply)).toContain('91%');
      expect(visibleText(freshReply)).not.toContain('as of');
      expect(warmBody?.blocks).toEqual(freshReply.blocks);
    } finally {
      metrics.snapshot = snapshot;
      h.setNow(NOW);
    }
  });
});
