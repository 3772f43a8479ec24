import { describe, expect, it } from 'vitest';
import { buildSettingsModal } from '../../blocks/settings-modal.js';
import { composeAppConfig } from '../../src/config/app-config.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { createSealer } from '../../src/secrets/sealer.js';
import { fieldOfPath } from '../../src/slack/views/settings-check.js';
import {
  decodeMetadata,
  formOfValues,
  readSettingsState,
  valuesOfForm,
} from '../../src/slack/views/settings-form.js';
import { settingsModalModel, thresholdKeysOf } from '../../src/slack/views/settings-model.js';
import {
  judgeSubmission,
  SUBMIT_MESSAGES,
  secretsAfter,
} from '../../src/slack/views/settings-submit.js';
import type { WorkspaceRecord } from '../../src/store/ports/workspaces.js';
import {
  POSTGRES_URL_SECRET,
  secretContext,
  settingsDefaultsOf,
  type WorkspaceValues,
} from '../../src/tenancy/workspace-settings.js';
import { sealingKey } from '../secrets/keys.js';
import { type Edits, field, settingsSubmission, stateValues } from '../support/settings-view.js';

/**
 * The Settings modal's round trip without Slack (pure): the modal a record opens, the state Slack
 * sends back, and what the ack answers: the errors on their fields, or the values to save.
 */

const defaults = settingsDefaultsOf(
  composeAppConfig(
    parseConfigText('slack:\n  workspaces:\n    awsAccountId: "111122223333"\n', 'x.yml'),
  ),
);
const KEYS = thresholdKeysOf(defaults.plan);
const EXTERNAL_ID = 'sr-00112233445566778899aabbccddeeff';
const ROLE = 'arn:aws:iam::210987654321:role/ScaleReviewRead';
const sealer = createSealer([sealingKey('k1', 3)]);

function record(values: WorkspaceValues, secrets: Record<string, string> = {}): WorkspaceRecord {
  const at = new Date('2026-03-01T00:00:00Z');
  return {
    key: 'T0FAKE',
    status: 'active',
    installedAt: at,
    uninstalledAt: null,
    purgeAfter: null,
    externalId: EXTERNAL_ID,
    settings: { values, secrets },
    settingsUpdatedBy: null,
    version: 4,
    updatedAt: at,
  };
}

const FULL: WorkspaceValues = {
  metrics: {
    source: 'cloudwatch',
    cloudwatch: {
      region: 'eu-west-1',
      roleArn: ROLE,
      dimensions: { autoScalingGroupName: 'web', dbAllocatedStorageGb: 'auto' },
    },
  },
  plan: { thresholds: { cpu: { over: 70 } }, growth: { defaultMonths: 6 } },
  infrastructure: { stage: 2, dbTier: 'Medium', measures: ['redis-caching'] },
  slack: { admins: ['U1ANA'], ackers: null },
};

const installed = { tenants: { mode: 'installed' as const }, settings: { defaults, sealer } };

/** The ack's answer to the modal `values` opens, after the user's `edits`. */
function submit(values: WorkspaceValues, edits: Edits, secrets: Record<string, string> = {}) {
  const view = buildSettingsModal(settingsModalModel(record(values, secrets), defaults));
  return judgeSubmission(
    installed,
    settingsSubmission({ view, viewId: 'V0SET', userId: 'U1ANA', edits }),
  );
}

describe('the modal and the stored values', () => {
  it('open with the saved values and, submitted unchanged, give them back', () => {
    // Act
    const judged = submit(FULL, {});
    // Assert
    expect(judged).toEqual({
      kind: 'save',
      submission: {
        origin: { teamId: 'T0FAKE', enterpriseId: null, isEnterpriseInstall: false },
        teamId: 'T0FAKE',
        userId: 'U1ANA',
        viewId: 'V0SET',
        metadata: { version: 4, urlSaved: false, externalId: EXTERNAL_ID },
        values: FULL,
        postgresUrl: null,
      },
    });
  });

  it('read the state Slack sends (text, selects, users) as the form', () => {
    // Arrange
    const view = buildSettingsModal(settingsModalModel(record({}), defaults));
    const values = stateValues(view, {
      [field('source')]: 'postgres',
      [field('threshold.memory')]: '85',
      [field('dbTier')]: 'Small',
      [field('measures')]: ['redis-caching', 'right-size'],
      [field('ackers')]: ['U2BEN'],
    });
    // Act
    const form = readSettingsState(values, KEYS);
    // Assert
    expect(form).toEqual({
      ...formOfValues({}, KEYS),
      source: 'postgres',
      thresholds: { memory: '85' },
      dbTier: 'Small',
      measures: ['redis-caching', 'right-size'],
      ackers: ['U2BEN'],
    });
  });

  it('store nothing for an empty field: the deployment default applies', () => {
    const { values, issues } = valuesOfForm(formOfValues({}, KEYS), KEYS);

    expect(issues).toEqual([]);
    expect(values).toEqual({ slack: { admins: [], ackers: null } });
  });

  it('carry the version, whether a URL is saved and the external id in private_metadata', () => {
    const model = settingsModalModel(record({}, { [POSTGRES_URL_SECRET]: 'sr1.sealed' }), defaults);

    expect(decodeMetadata(model.privateMetadata)).toEqual({
      version: 4,
      urlSaved: true,
      externalId: EXTERNAL_ID,
    });
    expect(decodeMetadata('{"v":"4"}')).toBeNull();
    expect(decodeMetadata('not json')).toBeNull();
  });
});

describe('a submission with a wrong field', () => {
  it('gets the error on that field only, in the config words', () => {
    const judged = submit({}, { [field('threshold.cpu')]: '-5' });

    expect(judged).toEqual({
      kind: 'errors',
      errors: { [field('threshold.cpu')]: 'expected >= 0, got -5' },
    });
  });

  it('names what is not a number', () => {
    const judged = submit({}, { [field('servers')]: 'three' });

    expect(judged).toEqual({ kind: 'errors', errors: { [field('servers')]: 'expected a number' } });
  });

  it('asks for the region and the role of CloudWatch, and checks the role ARN', () => {
    const missing = submit({}, { [field('source')]: 'cloudwatch' });
    const wrong = submit(
      {},
      {
        [field('source')]: 'cloudwatch',
        [field('region')]: 'eu-west-1',
        [field('roleArn')]: 'arn:aws:iam::210987654321:user/someone',
      },
    );

    expect(missing).toEqual({
      kind: 'errors',
      errors: {
        [field('region')]: 'required for CloudWatch, e.g. eu-west-1',
        [field('roleArn')]:
          'required for CloudWatch: the role Scale Review assumes in your account',
      },
    });
    expect(wrong).toEqual({
      kind: 'errors',
      errors: {
        [field('roleArn')]:
          'expected an IAM role ARN such as arn:aws:iam::123456789012:role/ScaleReviewRead',
      },
    });
  });

  it('asks for the PostgreSQL URL only when none is saved, and never repeats a wrong one', () => {
    const none = submit({}, { [field('source')]: 'postgres' });
    const saved = submit({}, { [field('source')]: 'postgres' }, { [POSTGRES_URL_SECRET]: 'sr1.x' });
    const wrong = submit(
      {},
      {
        [field('source')]: 'postgres',
        [field('postgresUrl')]: 'mysql://u:hunter2@db.example.com/app',
      },
    );

    expect(none).toEqual({
      kind: 'errors',
      errors: { [field('postgresUrl')]: 'required for PostgreSQL: the database URL' },
    });
    expect(saved).toMatchObject({ kind: 'save', submission: { postgresUrl: null } });
    expect(JSON.stringify(wrong)).not.toMatch(/hunter2|db\.example\.com/);
    expect(wrong).toEqual({
      kind: 'errors',
      errors: {
        [field('postgresUrl')]:
          'expected a URL starting with postgres:// or postgresql://, such as postgres://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require',
      },
    });
  });

  it('names a derived setting on the field that moved it', () => {
    expect(fieldOfPath('plan.sizing.targetPercent', KEYS)).toBe('threshold.cpu');
    expect(fieldOfPath('metrics.cloudwatch.dimensions.loadBalancer', KEYS)).toBe('loadBalancer');
    expect(fieldOfPath('metrics.cloudwatch.externalId', KEYS)).toBe('roleArn');
    expect(fieldOfPath('infrastructure.stage', KEYS)).toBe('stage');
    expect(fieldOfPath('slack.ackers.0', KEYS)).toBe('ackers');
    expect(fieldOfPath('elsewhere', KEYS)).toBe('source');
  });
});

describe('a submission the ack cannot take', () => {
  it('with one workspace: the YAML is the config', () => {
    const view = buildSettingsModal(settingsModalModel(record({}), defaults));
    const body = settingsSubmission({ view, viewId: 'V0SET', userId: 'U1ANA' });

    expect(judgeSubmission({ ...installed, tenants: { mode: 'single' } }, body)).toEqual({
      kind: 'notice',
      message:
        'This Scale Review serves one workspace: its settings are the `scale-review.yml` of whoever runs it (docs/config.md), not set in Slack.',
    });
  });

  it('with its metadata gone or forged', () => {
    const view = buildSettingsModal(settingsModalModel(record({}), defaults));
    const body = settingsSubmission({
      view,
      viewId: 'V0SET',
      userId: 'U1ANA',
      privateMetadata: '{"v":-1}',
    });

    expect(judgeSubmission(installed, body)).toEqual({
      kind: 'notice',
      message: SUBMIT_MESSAGES.unreadable,
    });
  });
});

describe('the secrets after an edit', () => {
  const saved = { [POSTGRES_URL_SECRET]: 'sr1.saved', other: 'sr1.kept' };
  const postgres: WorkspaceValues = { metrics: { source: 'postgres' } };

  it('seal a typed URL for this workspace and field', () => {
    const url = 'postgres://u:p@db.example.com/app';

    const after = secretsAfter(saved, { values: postgres, postgresUrl: url }, sealer, 'T0FAKE');

    const sealed = after?.[POSTGRES_URL_SECRET] ?? '';
    expect(sealed).not.toContain('db.example.com');
    expect(sealer.open(sealed, secretContext('T0FAKE', POSTGRES_URL_SECRET))).toBe(url);
    expect(after?.other).toBe('sr1.kept');
  });

  it('keep the saved URL when none is typed, and drop it when no longer used', () => {
    expect(secretsAfter(saved, { values: postgres, postgresUrl: null }, sealer, 'T0FAKE')).toEqual(
      saved,
    );
    expect(secretsAfter(saved, { values: {}, postgresUrl: null }, sealer, 'T0FAKE')).toEqual({
      other: 'sr1.kept',
    });
    expect(secretsAfter({}, { values: postgres, postgresUrl: null }, sealer, 'T0FAKE')).toBeNull();
  });
});
