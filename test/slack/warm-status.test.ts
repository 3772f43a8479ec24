import { describe, expect, it } from 'vitest';
import type { WarmStatus } from '../../src/app/status-answers.js';
import { parseCommand } from '../../src/command/parse-command.js';
import { warmStatusAnswer } from '../../src/slack/commands/warm-status.js';
import type { SlackDeps } from '../../src/slack/slack-deps.js';

/** The two parts of SlackDeps the ack path reads: the queue's backlog and the shared answers. */
function depsWith(queued: number, warm: WarmStatus | null, refused = false): SlackDeps {
  const fake = {
    answers: { queued },
    tenants: { peek: () => ({ statusAnswers: { peek: () => warm } }) },
    nativeFallbacks: { record: () => undefined, refused: () => refused },
  };
  return fake as unknown as SlackDeps;
}

/** The command as the listener parsed it at the ack. */
const slack = (text: string) => parseCommand(text, 'slack');

const WARM = {
  view: {},
  message: {
    text: 'Scaling Indicators',
    blocks: [{ type: 'divider' }],
    plain: [{ type: 'section', text: { type: 'mrkdwn', text: 'lines' } }],
  },
  refreshDue: false,
} as unknown as WarmStatus;

describe('warmStatusAnswer (the answer in the ack)', () => {
  it('answers `status` and `status public` with the shared message, visibility per user', () => {
    const privately = warmStatusAnswer(depsWith(0, WARM), 'T1', slack('status'));
    const publicly = warmStatusAnswer(depsWith(0, WARM), 'T1', slack('status public'));

    expect(privately?.body).toEqual({
      response_type: 'ephemeral',
      text: 'Scaling Indicators',
      blocks: [{ type: 'divider' }],
    });
    expect(publicly?.body.response_type).toBe('in_channel');
  });

  it('carries the mrkdwn lines once Slack refused native blocks in this process', () => {
    const answer = warmStatusAnswer(depsWith(0, WARM, true), 'T1', slack('status'));

    expect(answer?.body).toEqual({
      response_type: 'ephemeral',
      text: 'Scaling Indicators',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'lines' } }],
    });
  });

  it('leaves other commands, bad input and cold teams to the queue', () => {
    expect(warmStatusAnswer(depsWith(0, WARM), 'T1', slack('cost next'))).toBeNull();
    expect(warmStatusAnswer(depsWith(0, WARM), 'T1', slack('status sideways'))).toBeNull();
    expect(warmStatusAnswer(depsWith(0, null), 'T1', slack('status'))).toBeNull();
  });

  it('acks empty while answers wait in the queue (a burst: acks come first)', () => {
    expect(warmStatusAnswer(depsWith(1, WARM), 'T1', slack('status'))).toBeNull();
  });
});
