import type { KnownBlock, ModalView } from '@slack/types';
import { context, header, section } from './elements.js';
import { CALLBACK_IDS } from './ids.js';
import {
  modal,
  multiSelectInput,
  numberInput,
  type OptionSpec,
  selectInput,
  usersInput,
} from './inputs.js';
import { metricsBlocks } from './settings-metrics.js';
import {
  DEFAULT_OPTION,
  settingsInput as field,
  type SettingsModalModel,
} from './settings-view-model.js';
import { escapeMrkdwn } from './text.js';

export { trustPolicy } from './settings-metrics.js';
export {
  DEFAULT_OPTION,
  NO_SOURCE,
  SETTINGS_SOURCES,
  type SettingsForm,
  type SettingsModalModel,
  type SettingsSource,
  type SettingsThreshold,
} from './settings-view-model.js';

/**
 * The workspace's Settings modal (pure): a view model in, the Block Kit view out. Every field is
 * optional and empty means "the deployment's default" (shown as the placeholder). A secret (the
 * PostgreSQL URL) is never put in the view: the field only says whether one is saved.
 */

function planBlocks(m: SettingsModalModel): KnownBlock[] {
  const f = m.form;
  return [
    header('Plan'),
    context([
      'Each indicator is flagged above its threshold; its _approaching_ and _critical_ levels move with it. Empty: the default.',
    ]),
    ...m.thresholds.map((t) =>
      numberInput({
        ...field(`threshold.${t.key}`, `${t.label}: flag above (${t.unit})`),
        placeholder: `default ${t.defaultOver}`,
        initial: f.thresholds[t.key] ?? '',
        decimal: true,
        min: 0,
      }),
    ),
    numberInput({
      ...field(
        'growthPercent',
        'Monthly growth of conversations (%)',
        'Used by projections when no trend is known.',
      ),
      placeholder: `default ${m.defaults.growthPercent}`,
      initial: f.growthPercent,
      decimal: true,
      min: -100,
    }),
    numberInput({
      ...field('growthMonths', 'Months a projection looks ahead'),
      placeholder: `default ${m.defaults.growthMonths}`,
      initial: f.growthMonths,
      decimal: false,
      min: 1,
      max: 120,
    }),
  ];
}

function teamBlocks(m: SettingsModalModel): KnownBlock[] {
  const f = m.form;
  const withDefault = (options: readonly OptionSpec[], label: string) => [
    { value: DEFAULT_OPTION, text: `Default (${label})` },
    ...options,
  ];
  return [
    header('What the team runs'),
    selectInput({
      ...field('stage', 'Current stage'),
      placeholder: 'Choose a stage',
      options: withDefault(m.stages, m.defaults.stage),
      initial: f.stage,
    }),
    numberInput({
      ...field('servers', 'Servers running now'),
      placeholder: m.defaults.servers,
      initial: f.servers,
      decimal: false,
      min: 1,
      max: 1000,
    }),
    selectInput({
      ...field('dbTier', 'Database tier'),
      placeholder: 'Choose a tier',
      options: withDefault(m.dbTiers, m.defaults.dbTier),
      initial: f.dbTier,
    }),
    numberInput({
      ...field('monthlyCost', 'Monthly infrastructure cost ($)'),
      placeholder: m.defaults.monthlyCost,
      initial: f.monthlyCost,
      decimal: true,
      min: 0,
    }),
    multiSelectInput({
      ...field('measures', 'Measures already in place'),
      placeholder: 'Choose measures',
      options: m.measures,
      initial: f.measures,
    }),
  ];
}

function peopleBlocks(m: SettingsModalModel): KnownBlock[] {
  return [
    header('Who may act'),
    usersInput({
      ...field(
        'admins',
        'Admins',
        'Only they may snooze, un-snooze, subscribe and unsubscribe. Empty: everyone may.',
      ),
      placeholder: 'Everyone',
      initial: m.form.admins,
    }),
    usersInput({
      ...field(
        'ackers',
        'Who may acknowledge',
        'Besides the admins. Empty: everyone in the channel.',
      ),
      placeholder: 'Everyone',
      initial: m.form.ackers,
    }),
    context([
      "These settings may be changed by whoever installed the app, the workspace's admins and owners, and the admins above.",
    ]),
  ];
}

function problemBlocks(problems: readonly string[]): KnownBlock[] {
  if (problems.length === 0) return [];
  const lines = problems.map((p) => `• ${escapeMrkdwn(p)}`);
  return [
    section(
      [
        ':warning: *Saved settings that no longer apply* (the defaults are used for them):',
        ...lines,
      ].join('\n'),
    ),
  ];
}

/** The Settings modal (views.open from the App Home's Settings button). */
export function buildSettingsModal(m: SettingsModalModel): ModalView {
  const blocks: KnownBlock[] = [
    section(
      "This workspace's Scale Review settings. Empty fields use this deployment's defaults, shown in grey.",
    ),
    ...problemBlocks(m.problems),
    ...metricsBlocks(m),
    ...planBlocks(m),
    ...teamBlocks(m),
    ...peopleBlocks(m),
  ];
  return modal({
    title: 'Scale Review settings',
    submit: 'Save',
    close: 'Cancel',
    callbackId: CALLBACK_IDS.settings,
    privateMetadata: m.privateMetadata,
    blocks,
  });
}

/** What follows a submission (saving, saved, refused): one message, in the same modal. */
export function buildSettingsNotice(text: string): ModalView {
  return modal({ title: 'Scale Review settings', close: 'Close', blocks: [section(text)] });
}
