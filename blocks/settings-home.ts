import type { KnownBlock } from '@slack/types';
import { button, context, section } from './elements.js';
import { ACTION_IDS } from './ids.js';
import { escapeMrkdwn } from './text.js';

/**
 * Where the App Home says the settings live. With one workspace and a bot token they are the
 * operator's `scale-review.yml`; an installed workspace has its own, behind a Settings button that
 * only whoever may change them sees.
 */
export type HomeSettings =
  | { kind: 'file' }
  | {
      kind: 'workspace';
      /** The installer, a workspace admin or owner, or an admin named in the settings. */
      canEdit: boolean;
      /** "CloudWatch, eu-west-1", "PostgreSQL", "not set yet" (channel-safe: no URL, no host). */
      metrics: string;
      /** Saved settings that no longer validate, one line each. */
      problems: readonly string[];
    };

export function settingsHomeBlocks(settings: HomeSettings): KnownBlock[] {
  if (settings.kind === 'file') {
    return [
      context([
        'Settings: this deployment serves one workspace, configured by whoever runs it in `scale-review.yml` (docs/config.md).',
      ]),
    ];
  }
  const lines = [
    '*Settings*',
    `Metrics: ${escapeMrkdwn(settings.metrics)}`,
    ...settings.problems.map((p) => `:warning: ${escapeMrkdwn(p)}`),
    ...(settings.canEdit ? [] : ['An admin of this workspace can change them.']),
  ];
  const edit = settings.canEdit
    ? button({ text: 'Settings', actionId: ACTION_IDS.openSettings })
    : undefined;
  return [section(lines.join('\n'), edit)];
}
