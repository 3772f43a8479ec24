import { describe, expect, it } from 'vitest';
import { buildCost } from '../../blocks/cost.js';
import { buildDecisionNotice } from '../../blocks/decision.js';
import { buildError } from '../../blocks/error.js';
import { buildHelp } from '../../blocks/help.js';
import { buildNoticeModal } from '../../blocks/notice-modal.js';
import { buildProjection } from '../../blocks/projection.js';
import { escapeMrkdwn } from '../../blocks/text.js';
import { usageFor } from '../../src/command/usage.js';
import { ACK_AT, ACK_UNIX, costReport, projection, UNTIL, UNTIL_UNIX } from './fixtures.js';
import { ctx, hdr, md } from './helpers.js';

const MONTHS = ['Now', '+1 mo', '+2 mo', '+3 mo'];
const series = (name: string, values: number[]) => ({
  name,
  data: values.map((value, i) => ({ label: MONTHS[i], value })),
});
const raw = (...texts: string[]) => texts.map((text) => ({ type: 'raw_text', text }));

describe('buildProjection', () => {
  it('shows the summary, milestones, table and action', () => {
    // Act
    const out = buildProjection(projection());
    // Assert
    expect(out).toEqual({
      text: 'Projection: 2,000 → 4,394 conversations/month in 3 months (Stage 2 → Stage 2). Action: Upgrade DB soon',
      blocks: [
        hdr(':chart_with_upwards_trend: Projection · 3 months at 30%/month'),
        ctx('Growth 30%/month, as given'),
        md(
          'From *2,000* to *4,394* conversations/month: Stage 2 · Growing Team → Stage 2 · Growing Team',
        ),
        md('*Milestones*\n• Month 3: Plan the DB migration (at 4K)'),
        {
          type: 'data_visualization',
          title: 'Conversations per month, next 3 months',
          chart: {
            type: 'line',
            series: [
              series('Conversations/month', [2000, 2600, 3380, 4394]),
              series('Stage 2 from 1K', [1000, 1000, 1000, 1000]),
              series('Stage 3 from 5K', [5000, 5000, 5000, 5000]),
            ],
            axis_config: {
              categories: MONTHS,
              x_label: 'Months from now',
              y_label: 'Conversations per month',
            },
          },
        },
        {
          type: 'table',
          column_settings: [{ align: 'right' }, { align: 'right' }, { align: 'right' }],
          rows: [
            raw('Month', 'Conversations', 'Stage'),
            raw('0', '2,000', '2'),
            raw('1', '2,600', '2'),
            raw('2', '3,380', '2'),
            raw('3', '4,394', '2'),
          ],
        },
        md('*Action:* Upgrade DB soon'),
      ],
      plain: [
        hdr(':chart_with_upwards_trend: Projection · 3 months at 30%/month'),
        ctx('Growth 30%/month, as given'),
        md(
          'From *2,000* to *4,394* conversations/month: Stage 2 · Growing Team → Stage 2 · Growing Team',
        ),
        md('*Milestones*\n• Month 3: Plan the DB migration (at 4K)'),
        md(
          '```\nMonth  Conversations  Stage\n' +
            '    0          2,000      2\n' +
            '    1          2,600      2\n' +
            '    2          3,380      2\n' +
            '    3          4,394      2```',
        ),
        md('*Action:* Upgrade DB soon'),
      ],
    });
  });

  it('says when no stage is crossed and splits a long table across sections', () => {
    // Arrange: 121 rows of ~26 characters do not fit in one 3,000-character section.
    const rows = Array.from({ length: 121 }, (_, month) => ({ month, volume: 2000, stage: 2 }));
    const input = projection({
      rows,
      crossings: [],
      request: { ...projection().request, months: 120 },
    });
    // Act
    const { blocks, plain = [] } = buildProjection(input);
    // Assert: over the table block's 100 rows, both keep the monospace table (and the chart)
    for (const shown of [blocks, plain]) {
      expect(shown[3]).toEqual(md('*Milestones*\nNo stage change within 120 months.'));
      const tables = shown.filter((b) => b.type === 'section' && b.text?.text.startsWith('```'));
      expect(tables).toHaveLength(2);
      for (const t of tables) {
        expect(t.type === 'section' && t.text?.text.length).toBeLessThanOrEqual(3000);
        expect(t.type === 'section' && t.text?.text.endsWith('```')).toBe(true);
      }
    }
    expect(blocks.filter((b) => b.type === 'table')).toEqual([]);
    expect(blocks[4]?.type).toBe('data_visualization');
  });
});

describe('buildCost', () => {
  it('compares the stages, lists the components and the per-seat alternative', () => {
    // Act
    const out = buildCost(costReport());
    // Assert
    expect(out).toEqual({
      text: 'Cost: Stage 2 $70-85/month → Stage 3 $150-250/month (+$80-165/month)',
      blocks: [
        hdr(':moneybag: Cost · Stage 3 · Scaling'),
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Now · Stage 2 · Growing Team*\n$70-85/month' },
            { type: 'mrkdwn', text: '*Stage 3 · Scaling*\n$150-250/month' },
            { type: 'mrkdwn', text: '*Change*\n+$80-165/month' },
          ],
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Server*\nAWS t3.medium: $30-40/month' },
            { type: 'mrkdwn', text: '*Email*\nAmazon SES: $0.10 per 1,000 emails' },
          ],
        },
        ctx(
          'Plus WhatsApp conversation fees (usage-priced).',
          'Components add up to $30-40/month; the plan states $150-250/month for the stage.',
        ),
        md(
          ":scales: *vs Zendesk*: 5 agents (the stage's team size) × $55 = $275/month; you save $25-125/month.",
        ),
      ],
    });
  });

  it('shows one total when the target is the current stage, and an open-ended saving', () => {
    // Arrange
    const base = costReport();
    const report = costReport({
      target: {
        ...base.current,
        components: base.target.components,
        componentTotal: base.current.totalCost,
        plusWhatsAppFees: false,
      },
      delta: { min: 0, max: 0 },
      helpdesk: { ...base.helpdesk, savings: { min: null, max: 205 } },
    });
    // Act
    const out = buildCost(report);
    // Assert
    expect(out.text).toBe('Cost: Stage 2 $70-85/month');
    expect(out.blocks[1]).toEqual(md('*Stage 2 · Growing Team*: $70-85/month'));
    expect(out.blocks.at(-1)).toEqual(
      md(
        ":scales: *vs Zendesk*: 5 agents (the stage's team size) × $55 = $275/month; you save up to $205/month.",
      ),
    );
  });
});

describe('buildHelp', () => {
  it('lists the commands given by the parser', () => {
    // Act
    const out = buildHelp({
      commands: [
        { usage: '/scale status [public]', description: 'The current Scaling Indicators.' },
        {
          usage: '/scale project <volume> [growth] [months]',
          description: 'The projection table.',
        },
      ],
      footer: 'Answers are private; add `public` to share.',
    });
    // Assert
    expect(out).toEqual({
      text: 'Scale Review commands: /scale status [public], /scale project &lt;volume&gt; [growth] [months]',
      blocks: [
        hdr(':wave: Scale Review commands'),
        md(
          '`/scale status [public]`\nThe current Scaling Indicators.\n' +
            '`/scale project &lt;volume&gt; [growth] [months]`\nThe projection table.',
        ),
        ctx('Answers are private; add `public` to share.'),
      ],
    });
  });
});

describe('buildError', () => {
  it('names the problem and shows the usage', () => {
    // Act
    const out = buildError({
      message: '`2x` is not a volume; try 2000 or 2k',
      usage: '/scale project <volume> [growth] [months]',
    });
    // Assert
    expect(out).toEqual({
      text: '`2x` is not a volume; try 2000 or 2k Usage: /scale project &lt;volume&gt; [growth] [months]',
      blocks: [
        md(':warning: `2x` is not a volume; try 2000 or 2k'),
        md('*Usage*\n```\n/scale project &lt;volume&gt; [growth] [months]\n```'),
      ],
    });
  });

  it('says "Usage" once, and shows a usage of several lines as one code block', () => {
    // Arrange: the usage text the parser gives (shared with the CLI, where it starts "Usage:")
    const usage = usageFor(null, 'slack');
    expect(usage.startsWith('Usage:\n')).toBe(true);
    // Act
    const out = buildError({ message: '`frobnicate` is not a command; try `help`', usage });
    // Assert
    const lines = usage.split('\n').slice(1);
    expect(out.blocks[1]).toEqual(
      md(`*Usage*\n\`\`\`\n${lines.map(escapeMrkdwn).join('\n')}\n\`\`\``),
    );
    expect(out.text).toBe(
      `\`frobnicate\` is not a command; try \`help\` Usage: ${escapeMrkdwn(lines.map((l) => l.trim()).join(' | '))}`,
    );
    expect(out.text.match(/Usage/g)).toHaveLength(1);
    expect(JSON.stringify(out.blocks).match(/Usage/g)).toHaveLength(1);
  });

  it('drops the "Usage:" of a one-line usage too', () => {
    const out = buildError({ message: 'bad', usage: usageFor('project', 'slack') });
    expect(out.text).toBe(
      'bad Usage: /scale project &lt;volume&gt; [growth] [months] (more: /scale help project)',
    );
    expect(out.blocks[1]).toEqual(
      md(
        '*Usage*\n```\n/scale project &lt;volume&gt; [growth] [months]  (more: /scale help project)\n```',
      ),
    );
  });

  it('escapes what the user typed so it cannot ping a channel', () => {
    const out = buildError({ message: '<!channel> is not a command' });
    expect(out.blocks).toEqual([md(':warning: &lt;!channel&gt; is not a command')]);
  });
});

describe('buildDecisionNotice', () => {
  it('confirms an acknowledgement and a snooze with Slack dates', () => {
    expect(
      buildDecisionNotice({ kind: 'acknowledged', recommendation: 'Add a replica', at: ACK_AT })
        .blocks,
    ).toEqual([
      md(
        `:white_check_mark: You acknowledged “Add a replica” · <!date^${ACK_UNIX}^{date_short_pretty} {time}|Fri 5 Dec 2025 10:32 UTC>.`,
      ),
    ]);
    expect(
      buildDecisionNotice({ kind: 'snoozed', recommendation: 'Add a replica', until: UNTIL }),
    ).toEqual({
      text: `:zzz: You snoozed “Add a replica” until <!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025>. It stays out of the headlines until then.`,
      blocks: [
        md(
          `:zzz: You snoozed “Add a replica” until <!date^${UNTIL_UNIX}^{date_short_pretty}|Fri 12 Dec 2025>. It stays out of the headlines until then.`,
        ),
      ],
    });
    expect(buildDecisionNotice({ kind: 'unsnoozed', recommendation: 'Add a replica' }).text).toBe(
      ':alarm_clock: “Add a replica” is active again.',
    );
  });

  it('explains a refusal and who to ask', () => {
    const out = buildDecisionNotice({
      kind: 'refused',
      reason: 'Only admins can snooze.',
      recommendation: 'Add a replica',
      admins: ['U1ANA', 'U2BOB', 'U3CY'],
    });
    expect(out.blocks).toEqual([
      md(':no_entry: Only admins can snooze. (“Add a replica”) Ask <@U1ANA>, <@U2BOB> or <@U3CY>.'),
    ]);
  });
});

describe('buildNoticeModal', () => {
  it('is a modal that only says something, escaped, with a Close button', () => {
    expect(buildNoticeModal('No shortcut `x` <here> & there.')).toEqual({
      type: 'modal',
      title: { type: 'plain_text', text: 'Scale Review' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [md(':warning: No shortcut `x` &lt;here&gt; &amp; there.')],
    });
  });
});
