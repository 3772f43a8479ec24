import type { KnownBlock } from '@slack/types';
import { header, section } from './elements.js';
import { radioInput, textInput } from './inputs.js';
import {
  settingsInput as field,
  NO_SOURCE,
  type SettingsModalModel,
  type SettingsSource,
} from './settings-view-model.js';

/**
 * The Settings modal's metrics part: the source, CloudWatch's role (with the workspace's external
 * id and the trust policy to paste, the way Datadog connects an AWS account) and resources, the
 * PostgreSQL URL (never shown back), and a file or a URL where the operator allows them.
 */

const SOURCE_LABELS: Readonly<Record<SettingsSource | typeof NO_SOURCE, string>> = {
  none: 'None yet',
  cloudwatch: 'CloudWatch: a role in your AWS account',
  postgres: 'PostgreSQL: your database',
  file: 'A JSON file on the Scale Review server',
  url: 'A JSON URL',
};

const ACCOUNT_PLACEHOLDER = 'ACCOUNT_ID';

/** The trust policy the admin pastes into the role, with the workspace's external id. */
export function trustPolicy(accountId: string | null, externalId: string): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId ?? ACCOUNT_PLACEHOLDER}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

function cloudWatchHelp(m: SettingsModalModel): KnownBlock {
  if (m.externalId === null) {
    return section(
      "*CloudWatch* needs this workspace's external id, which it gets when the app is installed: reinstall the app to get one.",
    );
  }
  const account =
    m.trustAccountId === null
      ? `the AWS account Scale Review runs in (ask whoever runs it; \`${ACCOUNT_PLACEHOLDER}\` below)`
      : `\`${m.trustAccountId}\` (the account Scale Review runs in)`;
  return section(
    [
      '*CloudWatch*: create an IAM role in your AWS account for Scale Review to assume, then give its ARN below.',
      `• Trusted account: ${account}`,
      `• External id: \`${m.externalId}\` (this workspace's own; the role must require it)`,
      '• Permissions: `cloudwatch:GetMetricData`, `cloudwatch:ListMetrics` (and `rds:DescribeDBInstances` for a storage of `auto`)',
      `Trust policy:\n\`\`\`${trustPolicy(m.trustAccountId, m.externalId)}\`\`\``,
    ].join('\n'),
  );
}

function cloudWatchFields(m: SettingsModalModel): KnownBlock[] {
  const f = m.form;
  return [
    cloudWatchHelp(m),
    textInput({
      ...field('region', 'AWS region (CloudWatch)'),
      placeholder: 'eu-west-1',
      initial: f.region,
      maxLength: 32,
    }),
    textInput({
      ...field('roleArn', 'Role ARN (CloudWatch)'),
      placeholder: 'arn:aws:iam::123456789012:role/ScaleReviewRead',
      initial: f.roleArn,
      maxLength: 2048,
    }),
    textInput({
      ...field(
        'autoScalingGroupName',
        'Auto Scaling group (CloudWatch)',
        'The servers: CPU, memory, count.',
      ),
      placeholder: 'support-web',
      initial: f.autoScalingGroupName,
    }),
    textInput({
      ...field(
        'dbInstanceIdentifier',
        'RDS instance identifier (CloudWatch)',
        'The database: connections and storage.',
      ),
      placeholder: 'support-db',
      initial: f.dbInstanceIdentifier,
    }),
    textInput({
      ...field(
        'dbInstanceClass',
        'RDS instance class (CloudWatch)',
        'Estimates the maximum connections.',
      ),
      placeholder: 'db.t3.small',
      initial: f.dbInstanceClass,
    }),
    textInput({
      ...field(
        'loadBalancer',
        'Load balancer (CloudWatch)',
        "The end of the ALB's ARN: response time and errors.",
      ),
      placeholder: 'app/support-alb/50dc6c495c0c9188',
      initial: f.loadBalancer,
    }),
    textInput({
      ...field('dbAllocatedStorageGb', 'Database storage in GiB, or auto (CloudWatch)'),
      placeholder: '20',
      initial: f.dbAllocatedStorageGb,
      maxLength: 16,
    }),
  ];
}

function postgresField(m: SettingsModalModel): KnownBlock {
  const hint = m.postgresUrlSaved
    ? 'A URL is saved (it is never shown). Leave this empty to keep it; type a new one to replace it.'
    : 'postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require, for a read-only user. Stored encrypted; never shown again.';
  // Never an initial value: the URL holds a password.
  return textInput({
    ...field('postgresUrl', 'Connection URL (PostgreSQL)', hint),
    placeholder: m.postgresUrlSaved ? 'Saved: leave empty to keep it' : 'postgres://…',
  });
}

export function metricsBlocks(m: SettingsModalModel): KnownBlock[] {
  const choices = [NO_SOURCE, ...m.sources] as const;
  const blocks: KnownBlock[] = [
    header('Metrics'),
    radioInput({
      ...field('source', 'Where the review numbers come from'),
      optional: false,
      options: choices.map((value) => ({ value, text: SOURCE_LABELS[value] })),
      initial: m.form.source,
    }),
  ];
  if (m.sources.includes('cloudwatch')) blocks.push(...cloudWatchFields(m));
  if (m.sources.includes('postgres')) blocks.push(postgresField(m));
  if (m.sources.includes('file')) {
    blocks.push(
      textInput({
        ...field('file', 'File path on the Scale Review server (file)'),
        placeholder: '/srv/metrics/week.json',
        initial: m.form.file,
      }),
    );
  }
  if (m.sources.includes('url')) {
    blocks.push(
      textInput({
        ...field('url', 'Snapshot URL (url)'),
        placeholder: 'https://metrics.example.com/scale-review.json',
        initial: m.form.url,
      }),
    );
  }
  return blocks;
}
