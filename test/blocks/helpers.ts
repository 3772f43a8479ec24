import type { SlackBlock } from '../../blocks/native-types.js';

/** Literal Block Kit shapes for expected values (kept dumb on purpose: no builder code). */
export const md = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } }) as const;
export const ctx = (...texts: string[]) =>
  ({
    type: 'context',
    elements: texts.map((text) => ({ type: 'mrkdwn' as const, text })),
  }) as const;
export const hdr = (text: string) =>
  ({ type: 'header', text: { type: 'plain_text', text, emoji: true } }) as const;
export const pt = (text: string) => ({ type: 'plain_text', text, emoji: true }) as const;

export const snoozeSelect = {
  type: 'static_select',
  action_id: 'scale.snooze_for',
  placeholder: pt('Snooze…'),
  options: [
    { text: pt('1 day'), value: '1d' },
    { text: pt('1 week'), value: '1w' },
    { text: pt('1 month'), value: '1m' },
  ],
} as const;

export const untilPicker = {
  type: 'datepicker',
  action_id: 'scale.snooze_until',
  placeholder: pt('Until a date…'),
} as const;

/** All visible text of a list of blocks, for "does it say X" assertions on big payloads. */
export function allText(blocks: readonly SlackBlock[]): string {
  return JSON.stringify(blocks);
}

export function sectionTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

export function contextTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'context'
      ? b.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : []))
      : [],
  );
}
