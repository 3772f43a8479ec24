import { describe, expect, it } from 'vitest';
import { buildAppHome } from '../../blocks/app-home.js';
import { ACTION_IDS } from '../../blocks/ids.js';
import { settingsHomeBlocks } from '../../blocks/settings-home.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

describe('the App Home settings line', () => {
  it('says the YAML is the config with one workspace, and offers no button', () => {
    expect(settingsHomeBlocks({ kind: 'file' })).toEqual([
      {
        type: 'context',
        elements: [
          mrkdwn(
            'Settings: this deployment serves one workspace, configured by whoever runs it in `scale-review.yml` (docs/config.md).',
          ),
        ],
      },
    ]);
  });

  it('gives whoever may edit an installed workspace the Settings button', () => {
    expect(
      settingsHomeBlocks({
        kind: 'workspace',
        canEdit: true,
        metrics: 'CloudWatch, eu-west-1',
        problems: [],
      }),
    ).toEqual([
      {
        type: 'section',
        text: mrkdwn('*Settings*\nMetrics: CloudWatch, eu-west-1'),
        accessory: {
          type: 'button',
          action_id: ACTION_IDS.openSettings,
          text: { type: 'plain_text', text: 'Settings', emoji: true },
        },
      },
    ]);
  });

  it('shows the others what is set and what no longer applies, without the button', () => {
    expect(
      settingsHomeBlocks({
        kind: 'workspace',
        canEdit: false,
        metrics: 'not set yet',
        problems: ['infrastructure.dbTier: expected one of <Small, Medium>'],
      }),
    ).toEqual([
      {
        type: 'section',
        text: mrkdwn(
          '*Settings*\nMetrics: not set yet\n:warning: infrastructure.dbTier: expected one of &lt;Small, Medium&gt;\nAn admin of this workspace can change them.',
        ),
      },
    ]);
  });

  it('comes last in the Home, after a divider, and only when the view model has it', () => {
    const base = { latest: null, recentReviews: [], subscriptions: [] };

    const without = buildAppHome(base).blocks;
    const withSettings = buildAppHome({ ...base, settings: { kind: 'file' } }).blocks;

    expect(withSettings.slice(0, without.length)).toEqual(without);
    expect(withSettings.slice(without.length)).toEqual([
      { type: 'divider' },
      ...settingsHomeBlocks({ kind: 'file' }),
    ]);
  });
});
