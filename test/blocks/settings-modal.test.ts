import { describe, expect, it } from 'vitest';
import { CALLBACK_IDS } from '../../blocks/ids.js';
import { BlockLimitError } from '../../blocks/limits.js';
import {
  buildSettingsModal,
  buildSettingsNotice,
  type SettingsForm,
  type SettingsModalModel,
  trustPolicy,
} from '../../blocks/settings-modal.js';

const EMPTY_FORM: SettingsForm = {
  source: 'none',
  region: '',
  roleArn: '',
  autoScalingGroupName: '',
  dbInstanceIdentifier: '',
  dbInstanceClass: '',
  loadBalancer: '',
  dbAllocatedStorageGb: '',
  postgresUrl: '',
  file: '',
  url: '',
  thresholds: {},
  growthPercent: '',
  growthMonths: '',
  stage: 'default',
  servers: '',
  dbTier: 'default',
  monthlyCost: '',
  measures: [],
  admins: [],
  ackers: [],
};

function model(overrides: Partial<SettingsModalModel> = {}): SettingsModalModel {
  return {
    privateMetadata: '{"v":3}',
    externalId: 'sr-00112233445566778899aabbccddeeff',
    trustAccountId: '111122223333',
    sources: ['postgres'],
    form: EMPTY_FORM,
    postgresUrlSaved: false,
    thresholds: [{ key: 'cpu', label: 'Server CPU', unit: '%', defaultOver: 75 }],
    defaults: {
      growthPercent: 10,
      growthMonths: 12,
      stage: 'inferred',
      servers: 'inferred',
      dbTier: 'inferred',
      monthlyCost: 'unknown',
    },
    stages: [
      { value: '1', text: 'Stage 1 · Small Team' },
      { value: '2', text: 'Stage 2 · Growing Team' },
    ],
    dbTiers: [{ value: 'Small', text: 'Small' }],
    measures: [{ value: 'cache', text: 'Redis caching' }],
    problems: [],
    ...overrides,
  };
}

// Block Kit as Slack receives it, spelled out once here so the expectations stay readable.
const text = (t: string) => ({ type: 'plain_text', text: t, emoji: true });
const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
const option = (value: string, label: string) => ({ text: text(label), value });
const input = (
  field: string,
  label: string,
  element: Record<string, unknown>,
  extra: { hint?: string; optional?: false } = {},
) => ({
  type: 'input',
  block_id: `scale.settings.${field}`,
  label: text(label),
  element: { action_id: 'scale.settings.value', ...element },
  ...(extra.hint === undefined ? {} : { hint: text(extra.hint) }),
  ...(extra.optional === false ? {} : { optional: true }),
});
const header = (t: string) => ({ type: 'header', text: text(t) });

describe('the Settings modal', () => {
  it('shows every field with the saved values, the defaults as placeholders, within a modal', () => {
    // Arrange
    const form: SettingsForm = {
      ...EMPTY_FORM,
      source: 'postgres',
      thresholds: { cpu: '70' },
      growthMonths: '6',
      stage: '2',
      measures: ['cache'],
      admins: ['U1ANA'],
    };
    // Act
    const view = buildSettingsModal(model({ form }));
    // Assert
    expect(view).toEqual({
      type: 'modal',
      title: text('Scale Review settings'),
      close: text('Cancel'),
      submit: text('Save'),
      callback_id: CALLBACK_IDS.settings,
      private_metadata: '{"v":3}',
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            "This workspace's Scale Review settings. Empty fields use this deployment's defaults, shown in grey.",
          ),
        },
        header('Metrics'),
        input(
          'source',
          'Where the review numbers come from',
          {
            type: 'radio_buttons',
            options: [option('none', 'None yet'), option('postgres', 'PostgreSQL: your database')],
            initial_option: option('postgres', 'PostgreSQL: your database'),
          },
          { optional: false },
        ),
        input(
          'postgresUrl',
          'Connection URL (PostgreSQL)',
          { type: 'plain_text_input', placeholder: text('postgres://…'), max_length: 3000 },
          {
            hint: 'postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require, for a read-only user. Stored encrypted; never shown again.',
          },
        ),
        header('Plan'),
        {
          type: 'context',
          elements: [
            mrkdwn(
              'Each indicator is flagged above its threshold; its _approaching_ and _critical_ levels move with it. Empty: the default.',
            ),
          ],
        },
        input('threshold.cpu', 'Server CPU: flag above (%)', {
          type: 'number_input',
          is_decimal_allowed: true,
          placeholder: text('default 75'),
          initial_value: '70',
          min_value: '0',
        }),
        input(
          'growthPercent',
          'Monthly growth of conversations (%)',
          {
            type: 'number_input',
            is_decimal_allowed: true,
            placeholder: text('default 10'),
            min_value: '-100',
          },
          { hint: 'Used by projections when no trend is known.' },
        ),
        input('growthMonths', 'Months a projection looks ahead', {
          type: 'number_input',
          is_decimal_allowed: false,
          placeholder: text('default 12'),
          initial_value: '6',
          min_value: '1',
          max_value: '120',
        }),
        header('What the team runs'),
        input('stage', 'Current stage', {
          type: 'static_select',
          placeholder: text('Choose a stage'),
          options: [
            option('default', 'Default (inferred)'),
            option('1', 'Stage 1 · Small Team'),
            option('2', 'Stage 2 · Growing Team'),
          ],
          initial_option: option('2', 'Stage 2 · Growing Team'),
        }),
        input('servers', 'Servers running now', {
          type: 'number_input',
          is_decimal_allowed: false,
          placeholder: text('inferred'),
          min_value: '1',
          max_value: '1000',
        }),
        input('dbTier', 'Database tier', {
          type: 'static_select',
          placeholder: text('Choose a tier'),
          options: [option('default', 'Default (inferred)'), option('Small', 'Small')],
          initial_option: option('default', 'Default (inferred)'),
        }),
        input('monthlyCost', 'Monthly infrastructure cost ($)', {
          type: 'number_input',
          is_decimal_allowed: true,
          placeholder: text('unknown'),
          min_value: '0',
        }),
        input('measures', 'Measures already in place', {
          type: 'multi_static_select',
          placeholder: text('Choose measures'),
          options: [option('cache', 'Redis caching')],
          initial_options: [option('cache', 'Redis caching')],
        }),
        header('Who may act'),
        input(
          'admins',
          'Admins',
          { type: 'multi_users_select', placeholder: text('Everyone'), initial_users: ['U1ANA'] },
          {
            hint: 'Only they may snooze, un-snooze, subscribe and unsubscribe. Empty: everyone may.',
          },
        ),
        input(
          'ackers',
          'Who may acknowledge',
          { type: 'multi_users_select', placeholder: text('Everyone') },
          { hint: 'Besides the admins. Empty: everyone in the channel.' },
        ),
        {
          type: 'context',
          elements: [
            mrkdwn(
              "These settings may be changed by whoever installed the app, the workspace's admins and owners, and the admins above.",
            ),
          ],
        },
      ],
    });
  });

  it('never shows a saved database URL back, only that one is saved', () => {
    // Arrange: a URL in the form (as a submission would carry it) and one saved
    const form = { ...EMPTY_FORM, source: 'postgres', postgresUrl: 'postgres://u:hunter2@db/app' };
    // Act
    const view = buildSettingsModal(model({ form, postgresUrlSaved: true }));
    // Assert
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(view.blocks.find((b) => b.block_id === 'scale.settings.postgresUrl')).toEqual(
      input(
        'postgresUrl',
        'Connection URL (PostgreSQL)',
        {
          type: 'plain_text_input',
          placeholder: text('Saved: leave empty to keep it'),
          max_length: 3000,
        },
        {
          hint: 'A URL is saved (it is never shown). Leave this empty to keep it; type a new one to replace it.',
        },
      ),
    );
  });

  it('shows the external id and the trust policy to create the CloudWatch role with', () => {
    // Act
    const view = buildSettingsModal(model({ sources: ['cloudwatch'] }));
    // Assert
    expect(view.blocks.slice(2, 5)).toEqual([
      input(
        'source',
        'Where the review numbers come from',
        {
          type: 'radio_buttons',
          options: [
            option('none', 'None yet'),
            option('cloudwatch', 'CloudWatch: a role in your AWS account'),
          ],
          initial_option: option('none', 'None yet'),
        },
        { optional: false },
      ),
      {
        type: 'section',
        text: mrkdwn(
          [
            '*CloudWatch*: create an IAM role in your AWS account for Scale Review to assume, then give its ARN below.',
            '• Trusted account: `111122223333` (the account Scale Review runs in)',
            "• External id: `sr-00112233445566778899aabbccddeeff` (this workspace's own; the role must require it)",
            '• Permissions: `cloudwatch:GetMetricData`, `cloudwatch:ListMetrics` (and `rds:DescribeDBInstances` for a storage of `auto`)',
            `Trust policy:\n\`\`\`${trustPolicy('111122223333', 'sr-00112233445566778899aabbccddeeff')}\`\`\``,
          ].join('\n'),
        ),
      },
      input('region', 'AWS region (CloudWatch)', {
        type: 'plain_text_input',
        placeholder: text('eu-west-1'),
        max_length: 32,
      }),
    ]);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      'scale.settings.source',
      'scale.settings.region',
      'scale.settings.roleArn',
      'scale.settings.autoScalingGroupName',
      'scale.settings.dbInstanceIdentifier',
      'scale.settings.dbInstanceClass',
      'scale.settings.loadBalancer',
      'scale.settings.dbAllocatedStorageGb',
      'scale.settings.threshold.cpu',
      'scale.settings.growthPercent',
      'scale.settings.growthMonths',
      'scale.settings.stage',
      'scale.settings.servers',
      'scale.settings.dbTier',
      'scale.settings.monthlyCost',
      'scale.settings.measures',
      'scale.settings.admins',
      'scale.settings.ackers',
    ]);
  });

  it('writes the trust policy Datadog-style: the account as principal, the external id required', () => {
    expect(JSON.parse(trustPolicy(null, 'sr-x1'))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::ACCOUNT_ID:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'sr-x1' } },
        },
      ],
    });
  });

  it('offers a file and a URL only when the operator allows them', () => {
    const ids = (sources: SettingsModalModel['sources']) =>
      buildSettingsModal(model({ sources }))
        .blocks.map((b) => b.block_id)
        .filter((id) => id === 'scale.settings.file' || id === 'scale.settings.url');

    expect(ids(['cloudwatch', 'postgres'])).toEqual([]);
    expect(ids(['postgres', 'file', 'url'])).toEqual(['scale.settings.file', 'scale.settings.url']);
  });

  it('lists the saved settings that no longer apply, escaped', () => {
    const view = buildSettingsModal(
      model({ problems: ['plan.thresholds.cpu.over: expected >= 0, got -5'] }),
    );

    expect(view.blocks[1]).toEqual({
      type: 'section',
      text: mrkdwn(
        ':warning: *Saved settings that no longer apply* (the defaults are used for them):\n• plan.thresholds.cpu.over: expected &gt;= 0, got -5',
      ),
    });
  });

  it("keeps Slack's limits: long option texts cut visibly, metadata too long refused", () => {
    // Arrange
    const long = 'x'.repeat(200);
    // Act
    const view = buildSettingsModal(model({ stages: [{ value: '1', text: long }] }));
    const stage = view.blocks.find((b) => b.block_id === 'scale.settings.stage');
    // Assert
    expect(JSON.stringify(stage)).toContain(`"${'x'.repeat(74)}…"`);
    expect(() => buildSettingsModal(model({ privateMetadata: 'm'.repeat(3001) }))).toThrow(
      BlockLimitError,
    );
  });
});

describe('the Settings notice', () => {
  it('is one message in the same modal, with only a Close button', () => {
    expect(buildSettingsNotice('Saved.')).toEqual({
      type: 'modal',
      title: text('Scale Review settings'),
      close: text('Close'),
      blocks: [{ type: 'section', text: mrkdwn('Saved.') }],
    });
  });
});
