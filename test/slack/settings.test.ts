import type { ModalView } from '@slack/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACTION_IDS } from '../../blocks/ids.js';
import { composeAppConfig } from '../../src/config/app-config.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { createSealer } from '../../src/secrets/sealer.js';
import { NOT_AN_EDITOR } from '../../src/slack/views/settings-access.js';
import { SETTINGS_MESSAGES } from '../../src/slack/views/settings-open.js';
import { SUBMIT_MESSAGES } from '../../src/slack/views/settings-submit.js';
import { type InstalledSettings, installedSettings } from '../../src/tenancy/installed-settings.js';
import { InstalledTenants } from '../../src/tenancy/installed-tenants.js';
import {
  createInboxDatabase,
  type InboxDatabase,
  NOW as PG_NOW,
  passwordForms,
} from '../metrics/support/postgres.js';
import { sealingKey } from '../secrets/keys.js';
import { dumpStore, rawText } from '../store/support/raw-dump.js';
import { type BotHarness, startBotHarness, waitFor } from '../support/bot-harness.js';
import { type Edits, field, settingsSubmission } from '../support/settings-view.js';
import { encodeForm, postSigned } from '../support/slack-request.js';

/**
 * The Settings modal through the real Bolt app over the fake Slack. The harness bot runs with one
 * workspace (a bot token); the installed-workspace tests give its Slack listeners the tenants an
 * OAuth deployment has (InstalledTenants over createSettingsSetup) and the Settings deps, over the
 * same store, as start-bot will wire them in OAuth mode.
 */

const TEAM = 'T0FAKE';
const ADMIN = 'U1ADMIN';
const MEMBER = 'U2MEMBER';
const INSTALLER = 'U3INSTALL';
const EXTERNAL_ID = 'sr-00112233445566778899aabbccddeeff';
const sealer = createSealer([sealingKey('k1', 9)]);

interface HomeView {
  blocks: unknown[];
}

function published(h: BotHarness, user: string): string[] {
  return h.slack
    .calls('views.publish')
    .filter((c) => c.args.user_id === user)
    .map((c) => JSON.stringify(c.args.view as HomeView));
}

async function homeOf(h: BotHarness, user: string): Promise<string> {
  const before = published(h, user).length;
  await h.homeOpened(user, { eventId: `Ev${user}${before}` });
  const home = await waitFor(() => published(h, user)[before]);
  await h.idle();
  return home;
}

/** Clicks the Home's Settings button as `user`; the modal (or notice) Slack then shows. */
async function openSettings(
  h: BotHarness,
  user: string,
): Promise<{ viewId: string; view: ModalView }> {
  const before = h.slack.modalIds().length;
  await h.click({
    action: {
      type: 'button',
      action_id: ACTION_IDS.openSettings,
      block_id: 'b1',
      text: 'Settings',
    },
    user: { id: user },
    surface: { kind: 'home' },
  });
  const viewId = await waitFor(() => h.slack.modalIds()[before]);
  await h.idle();
  return { viewId, view: h.slack.modal(viewId) as ModalView };
}

async function submit(
  h: BotHarness,
  opened: { viewId: string; view: ModalView },
  userId: string,
  edits: Edits,
): Promise<unknown> {
  const payload = settingsSubmission({ ...opened, userId, edits });
  const response = await postSigned(h.eventsUrl, encodeForm({ payload: JSON.stringify(payload) }));
  expect(response.status).toBe(200);
  return response.json();
}

/**
 * What the modal says once the save has run (views.update; the fake keeps the opened view until
 * then: the ack's own `response_action: update` goes back in the HTTP response).
 */
async function modalText(
  h: BotHarness,
  opened: { viewId: string; view: ModalView },
): Promise<string> {
  const before = JSON.stringify(opened.view);
  const text = await waitFor(() => {
    const shown = JSON.stringify(h.slack.modal(opened.viewId));
    return shown === before ? undefined : shown;
  });
  await h.idle();
  return text;
}

describe('Settings of an installed workspace', () => {
  let h: BotHarness;
  let db: InboxDatabase;
  let tenants: InstalledTenants;
  let settings: InstalledSettings;

  beforeAll(async () => {
    db = await createInboxDatabase();
    h = await startBotHarness({ fakeSlack: { users: { [ADMIN]: { isAdmin: true } } } });
    // What OAuth mode wires: the YAML as the defaults, a tenant per installation.
    const { store, logger, clock } = h.bot.deps;
    settings = installedSettings({
      // The test PostgreSQL runs on loopback, which a deployment allows workspaces only on purpose.
      config: composeAppConfig(
        parseConfigText(
          'slack:\n  workspaces:\n    privateDatabaseHosts: true\n',
          'scale-review.yml',
        ),
      ),
      sealer,
      logger,
      clock,
      stsEndpoint: inject('cloudwatchEndpoint'),
    });
    tenants = new InstalledTenants({
      shared: { store, logger, clock },
      setup: settings.setup,
      answersTtlMs: 60_000,
    });
    Object.assign(h.bot.slackDeps, { tenants, settings: settings.editing });
    const now = clock();
    await store.workspaces.activate(TEAM, { externalId: EXTERNAL_ID }, now);
    await store.installations.put(
      {
        key: TEAM,
        teamId: TEAM,
        teamName: 'Fake Workspace',
        enterpriseId: null,
        enterpriseName: null,
        isEnterpriseInstall: false,
        appId: 'A0SCALE',
        botId: 'B0BOT',
        botUserId: 'U0BOT',
        scopes: ['commands', 'users:read'],
        botToken: sealer.seal('xoxb-installed-not-real', `${TEAM}:botToken`),
        refreshToken: null,
        botTokenExpiresAt: null,
        installerUserId: INSTALLER,
        installedAt: now,
      },
      now,
    );
  });

  afterAll(async () => {
    await tenants?.close();
    settings?.close();
    await h?.close();
    await db?.drop();
  });

  it('shows the Settings button to the installer and to workspace admins only', async () => {
    const admin = await homeOf(h, ADMIN);
    const installer = await homeOf(h, INSTALLER);
    const member = await homeOf(h, MEMBER);

    expect(admin).toContain(ACTION_IDS.openSettings);
    expect(admin).toContain('Metrics: not set yet');
    expect(installer).toContain(ACTION_IDS.openSettings);
    expect(member).not.toContain(ACTION_IDS.openSettings);
    expect(member).toContain('An admin of this workspace can change them.');
  });

  it('opens the modal for an admin, with the external id and the trust policy', async () => {
    const { view } = await openSettings(h, ADMIN);

    expect(view).toMatchObject({ type: 'modal', callback_id: 'scale.settings' });
    expect(JSON.stringify(view)).toContain(EXTERNAL_ID);
    expect(JSON.stringify(view)).toContain('sts:ExternalId');
  });

  it('refuses to open it for a member, and refuses a member’s submission', async () => {
    // Arrange
    const refused = await openSettings(h, MEMBER);
    const opened = await openSettings(h, ADMIN);
    const before = await h.bot.deps.store.workspaces.get(TEAM);
    // Act: a member submits the admin's modal
    const ack = await submit(h, opened, MEMBER, { [field('threshold.cpu')]: '60' });
    const shown = await modalText(h, opened);
    // Assert
    expect(JSON.stringify(refused.view)).toContain(NOT_AN_EDITOR);
    expect(ack).toMatchObject({ response_action: 'update' });
    expect(shown).toContain('Nothing was saved.');
    expect(await h.bot.deps.store.workspaces.get(TEAM)).toEqual(before);
  });

  it('puts the error of a bad threshold on its field, and saves nothing', async () => {
    // Arrange
    const opened = await openSettings(h, ADMIN);
    const before = await h.bot.deps.store.workspaces.get(TEAM);
    // Act
    const ack = await submit(h, opened, ADMIN, { [field('threshold.cpu')]: '-5' });
    await h.idle();
    // Assert
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { [field('threshold.cpu')]: 'expected >= 0, got -5' },
    });
    expect(await h.bot.deps.store.workspaces.get(TEAM)).toEqual(before);
  });

  it('saves good settings with the URL sealed, and the next resolve reads the new source', async () => {
    // Arrange
    const beforeTenant = await tenants.resolve(TEAM);
    const opened = await openSettings(h, ADMIN);
    // Act
    const ack = await submit(h, opened, ADMIN, {
      [field('source')]: 'postgres',
      [field('postgresUrl')]: db.url,
      [field('threshold.cpu')]: '70',
      [field('ackers')]: [MEMBER],
    });
    const shown = await modalText(h, opened);
    // Assert: the modal and the Home say so
    expect(ack).toEqual({
      response_action: 'update',
      view: expect.objectContaining({ type: 'modal' }),
    });
    expect(shown).toContain('Settings saved.');
    expect(
      await waitFor(() => published(h, ADMIN).find((v) => v.includes('Settings saved'))),
    ).toContain('Metrics: PostgreSQL');
    // The store: the values, the sealed URL, no plain URL or password anywhere at rest
    const saved = await h.bot.deps.store.workspaces.get(TEAM);
    expect(saved?.settingsUpdatedBy).toBe(ADMIN);
    expect(saved?.settings.values).toMatchObject({
      metrics: { source: 'postgres' },
      plan: { thresholds: { cpu: { over: 70 } } },
      slack: { admins: [], ackers: [MEMBER] },
    });
    expect(saved?.settings.secrets['metrics.postgres.url']).toMatch(/^sr1\./);
    const inner = h.store.inner;
    if (inner === null) throw new Error('the harness store was not opened');
    const raw = rawText(await dumpStore(inner));
    expect(raw).not.toContain(db.url);
    for (const form of passwordForms(db.password)) {
      expect(raw).not.toContain(form);
      expect(h.logs.join('')).not.toContain(form);
    }
    // The tenant was resolved anew, with the workspace's PostgreSQL and its settings
    const tenant = await tenants.resolve(TEAM);
    expect(tenant).not.toBe(beforeTenant);
    expect(beforeTenant.app.metrics).toBeNull();
    expect(tenant.app.plan.thresholds.cpu.over).toBe(70);
    expect(tenant.app.permissions).toEqual({ admins: [], ackers: [MEMBER] });
    const result = await tenant.app.metrics?.fetch({ now: PG_NOW });
    expect(result?.snapshot.conversationsPerMonth).toBe(120);
  });

  it('keeps the saved URL when the field is left empty, and never shows it back', async () => {
    const opened = await openSettings(h, ADMIN);
    const sealedBefore = (await h.bot.deps.store.workspaces.get(TEAM))?.settings.secrets;

    await submit(h, opened, ADMIN, { [field('growthPercent')]: '8' });
    const shown = await modalText(h, opened);

    expect(JSON.stringify(opened.view)).not.toContain(db.user);
    expect(JSON.stringify(opened.view)).toContain('A URL is saved');
    expect(shown).toContain('Settings saved.');
    const after = await h.bot.deps.store.workspaces.get(TEAM);
    expect(after?.settings.secrets).toEqual(sealedBefore);
    expect(after?.settings.values).toMatchObject({
      plan: { growth: { defaultMonthlyPercent: 8 } },
    });
  });

  it('does not save over an edit made meanwhile: the user is told to reopen', async () => {
    // Arrange: someone else saves while the modal is open
    const opened = await openSettings(h, ADMIN);
    const { store, clock } = h.bot.deps;
    const current = await store.workspaces.get(TEAM);
    if (current === null) throw new Error('no workspace');
    const theirs = {
      ...current.settings,
      values: { ...current.settings.values, infrastructure: { servers: 3 } },
    };
    const other = await store.workspaces.updateSettings(
      TEAM,
      current.version,
      theirs,
      INSTALLER,
      clock(),
    );
    expect(other.ok).toBe(true);
    // Act
    const ack = await submit(h, opened, ADMIN, { [field('servers')]: '9' });
    const shown = await modalText(h, opened);
    // Assert
    expect(ack).toMatchObject({ response_action: 'update' });
    expect(shown).toContain(SUBMIT_MESSAGES.conflict);
    const after = await store.workspaces.get(TEAM);
    expect(after?.settingsUpdatedBy).toBe(INSTALLER);
    expect(after?.settings.values).toMatchObject({ infrastructure: { servers: 3 } });
  });
});

describe('Settings with one workspace (a bot token)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('says in the App Home that scale-review.yml is the config, with no Settings button', async () => {
    const home = await homeOf(h, 'U1ANA');

    expect(home).toContain('configured by whoever runs it in `scale-review.yml`');
    expect(home).not.toContain(ACTION_IDS.openSettings);
  });

  it('answers a Settings click or submission with the same sentence', async () => {
    const opened = await openSettings(h, 'U1ANA');

    const ack = await submit(h, opened, 'U1ANA', {});

    expect(JSON.stringify(opened.view)).toContain('This Scale Review serves one workspace');
    expect(ack).toMatchObject({
      response_action: 'update',
      view: { blocks: [{ text: { text: SETTINGS_MESSAGES.single } }] },
    });
  });
});
