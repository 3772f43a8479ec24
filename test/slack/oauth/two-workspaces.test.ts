import type { ModalView } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import {
  createInboxDatabase,
  type InboxDatabase,
  NOW as PG_NOW,
  passwordForms,
} from '../../metrics/support/postgres.js';
import { dumpStore, rawText } from '../../store/support/raw-dump.js';
import { waitFor } from '../../support/bot-harness.js';
import { ALPHA, BETA, type OAuthHarness, startOAuthHarness } from '../../support/oauth-harness.js';
import { type Edits, field, settingsSubmission } from '../../support/settings-view.js';
import { encodeForm, postSigned } from '../../support/slack-request.js';
import { storeVariants } from './stores.js';

/**
 * Issue 23's end to end, through the real bot in OAuth mode (Bolt, HTTP) over the fake Slack, on
 * each store: two workspaces install from the install page; the second configures its metrics
 * source (its own PostgreSQL) in the App Home's Settings modal, gets `/scale status` from its own
 * data, subscribes a channel and receives its own weekly digest (the bot's own digest job, with
 * its own token); the first sees none of it: its status has no metrics source, its history and
 * its workspace's Slack calls hold nothing of the second's.
 */

const ALPHA_ADMIN = 'U1ALPHA';
const BETA_ADMIN = 'U1BETA';
const BETA_CHANNEL = 'C0BETAOPS';
const ALPHA_CHANNEL = 'C0ALPHAOPS';
/**
 * The digest job ticks every 2 s of real time; the bot's clock is the test's. The test PostgreSQL
 * runs on loopback, which a deployment allows workspaces only on purpose.
 */
const CONFIG = [
  'digest:',
  "  tickCron: '*/2 * * * * *'",
  '  chart: false',
  'slack:',
  '  workspaces:',
  '    privateDatabaseHosts: true',
  '',
].join('\n');

describe.each(storeVariants())('two workspaces, one deployment ($name store)', (variant) => {
  let h: OAuthHarness;
  let db: InboxDatabase;

  beforeAll(async () => {
    db = await createInboxDatabase();
    h = await startOAuthHarness({
      workspaces: [ALPHA, BETA],
      env: variant.env(),
      now: PG_NOW,
      harness: { configYaml: CONFIG },
    });
  });
  afterAll(async () => {
    await h?.close();
    await variant.cleanup();
    await db?.drop();
  });

  const repliesTo = async (team: string, user: string, channel: string, text: string) => {
    const sent = await h.command(text, { team_id: team, user_id: user, channel_id: channel });
    expect(sent.response.status).toBe(200);
    const replies = await h.replies(sent.responseId);
    return JSON.stringify(replies);
  };

  async function openSettings(team: string, user: string) {
    const before = h.slack.team(team).modalIds().length;
    await h.click({
      action: { type: 'button', action_id: ACTION_IDS.openSettings, block_id: 'b1', text: 'S' },
      teamId: team,
      user: { id: user, team_id: team },
      surface: { kind: 'home' },
    });
    const viewId = await waitFor(() => h.slack.team(team).modalIds()[before]);
    await h.idle();
    return { viewId, view: h.slack.team(team).modal(viewId) as ModalView };
  }

  async function save(team: string, user: string, edits: Edits): Promise<string> {
    const opened = await openSettings(team, user);
    const payload = settingsSubmission({ ...opened, userId: user, teamId: team, edits });
    const response = await postSigned(
      h.eventsUrl,
      encodeForm({ payload: JSON.stringify(payload) }),
    );
    expect(response.status).toBe(200);
    const before = JSON.stringify(opened.view);
    const shown = await waitFor(() => {
      const now = JSON.stringify(h.slack.team(team).modal(opened.viewId));
      return now === before || now.includes('Saving') ? undefined : now;
    });
    await h.idle();
    return shown;
  }

  it('installs both workspaces from the install page', async () => {
    const alpha = await h.install({ teamId: ALPHA.teamId, userId: ALPHA_ADMIN });
    const beta = await h.install({ teamId: BETA.teamId, userId: BETA_ADMIN });

    expect(alpha.callback.status).toBe(200);
    expect(beta.callback.status).toBe(200);
    expect((await h.rawStore().installations.keys()).sort()).toEqual([ALPHA.teamId, BETA.teamId]);
  });

  it("configures the second workspace's PostgreSQL in its Settings modal, sealed at rest", async () => {
    // Act
    const shown = await save(BETA.teamId, BETA_ADMIN, {
      [field('source')]: 'postgres',
      [field('postgresUrl')]: db.url,
    });
    // Assert
    expect(shown).toContain('Settings saved.');
    expect((await h.rawStore().workspaces.get(BETA.teamId))?.settings.values).toMatchObject({
      metrics: { source: 'postgres' },
    });
    expect((await h.rawStore().workspaces.get(ALPHA.teamId))?.settings.values).toEqual({});
    const raw = rawText(await dumpStore(h.rawStore()));
    expect(raw).not.toContain(db.url);
    for (const form of passwordForms(db.password)) {
      expect(raw).not.toContain(form);
      expect(h.logs.join('')).not.toContain(form);
    }
  });

  it('answers /scale status from each workspace with its own data only', async () => {
    // Act
    const beta = await repliesTo(BETA.teamId, BETA_ADMIN, BETA_CHANNEL, 'status');
    const alpha = await repliesTo(ALPHA.teamId, ALPHA_ADMIN, ALPHA_CHANNEL, 'status');
    // Assert: the second's conversations (120 in the month) from its PostgreSQL; the first has none
    expect(beta).toContain('120');
    expect(beta).not.toContain('not configured');
    expect(alpha).toContain('no metrics source for this workspace');
    expect(alpha).not.toContain('120');
    // Each workspace's calls were made with its own token, in its own workspace
    const beta_ = h.slack.team(BETA.teamId).calls();
    const alpha_ = h.slack.team(ALPHA.teamId).calls();
    expect(beta_.length).toBeGreaterThan(0);
    expect(alpha_.every((c) => !JSON.stringify(c.args).includes(BETA_CHANNEL))).toBe(true);
  });

  it("sends the second workspace's weekly digest with its own token, and nothing to the first", async () => {
    // Arrange: the second subscribes a channel (every Monday 09:00 UTC; PG_NOW is a Monday 09:17)
    const subscribed = await repliesTo(BETA.teamId, BETA_ADMIN, BETA_CHANNEL, 'subscribe');
    expect(subscribed).toContain(BETA_CHANNEL);
    // Act: a week later, past the next Monday 09:00; the bot's own digest job ticks
    h.setNow(new Date(PG_NOW.getTime() + 7 * 86_400_000));
    const posted = await waitFor(
      () =>
        h.slack
          .team(BETA.teamId)
          .calls('chat.postMessage')
          .find((c) => c.args.channel === BETA_CHANNEL),
      { deadlineMs: 60_000, what: 'the digest in the second workspace' },
    );
    await h.idle();
    // Assert
    expect(JSON.stringify(posted.args)).toContain('Scaling Indicators');
    expect(h.slack.team(ALPHA.teamId).calls('chat.postMessage')).toEqual([]);
    const history = await repliesTo(ALPHA.teamId, ALPHA_ADMIN, ALPHA_CHANNEL, 'history');
    expect(history).not.toContain('120');
    expect(history).not.toContain(BETA_CHANNEL);
  });
});
