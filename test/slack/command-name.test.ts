import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { slashCommandFields } from '../support/slack-request.js';
import { onlyReply, visibleText } from './helpers.js';

/**
 * A workspace that already has a `/scale` renames ours in the manifest (here `/scale-review`):
 * the app answers whatever command Slack routes to it, and help and usage show the typed name.
 */
const RENAMED = '/scale-review';

describe('a renamed slash command, over HTTP', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is answered: status, with the Scaling Indicators', async () => {
    // Act
    const sent = await h.command('status', { command: RENAMED });
    const reply = await onlyReply(h, sent.responseId);

    // Assert
    expect(sent.response.status).toBe(200);
    expect(visibleText(reply)).toContain('Scaling Indicators');
  });

  it('help shows the name the user typed, never /scale', async () => {
    // Act
    const all = visibleText(
      await onlyReply(h, (await h.command('help', { command: RENAMED })).responseId),
    );
    const one = visibleText(
      await onlyReply(h, (await h.command('help project', { command: RENAMED })).responseId),
    );

    // Assert
    expect(all).toContain(`\`${RENAMED} project &lt;volume&gt; [growth] [months]\``);
    expect(all).toContain(`\`${RENAMED} status public\``);
    expect(one).toContain(`Example: ${RENAMED} project`);
    expect(`${all}\n${one}`).not.toMatch(/\/scale(?!-review)/);
  });

  it('bad input gets the usage with the typed name', async () => {
    // Act
    const reply = await onlyReply(
      h,
      (await h.command('project 2x', { command: RENAMED })).responseId,
    );

    // Assert
    // Slack's mrkdwn escapes < and >.
    expect(visibleText(reply)).toContain(
      `${RENAMED} project &lt;volume&gt; [growth] [months]  (more: ${RENAMED} help project)`,
    );
    expect(visibleText(reply)).not.toMatch(/\/scale(?!-review)/);
  });
});

describe('a renamed slash command, in Socket Mode', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ socket: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is acked and answered, with the typed name in help', async () => {
    // Arrange
    const envelope = {
      envelope_id: 'env-renamed-help',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: slashCommandFields({
        command: RENAMED,
        text: 'help',
        response_url: h.slack.responseUrl('socket-renamed'),
      }),
    };

    // Act
    h.slack.sendSocketMessage(envelope);
    const [reply] = await waitFor(() => {
      const posted = h.slack.responses('socket-renamed');
      return posted.length > 0 ? posted : undefined;
    });

    // Assert
    const text = visibleText(reply?.payload as Record<string, unknown>);
    expect(text).toContain(`${RENAMED} status`);
    expect(text).not.toMatch(/\/scale(?!-review)/);
  });
});
