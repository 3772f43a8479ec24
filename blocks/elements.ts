import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  Datepicker,
  DividerBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
  SectionBlockAccessory,
  StaticSelect,
} from '@slack/types';
import { assertFits, ELLIPSIS, SLACK_LIMITS, TRUNCATED_MARKER, truncate } from './limits.js';
import type { SlackBlock } from './native-types.js';

/**
 * Block and element constructors that apply Slack's limits: display text is cut visibly, ids and
 * values that do not fit throw (they carry references; a cut reference would be wrong data).
 */

export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max, TRUNCATED_MARKER) };
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max, ELLIPSIS), emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

export function section(text: string, accessory?: SectionBlockAccessory): SectionBlock {
  const block: SectionBlock = { type: 'section', text: mrkdwn(text) };
  if (accessory) block.accessory = accessory;
  return block;
}

/** Fields in sections of at most 10, each field within 2,000 characters (split, never dropped). */
export function fieldSections(fields: readonly string[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields) {
    const chunk = fields.slice(i, i + SLACK_LIMITS.fields);
    out.push({ type: 'section', fields: chunk.map((f) => mrkdwn(f, SLACK_LIMITS.fieldText)) });
  }
  return out;
}

/** A context block; beyond 10 texts the last element says how many more were left out. */
export function context(texts: readonly string[]): ContextBlock {
  const max = SLACK_LIMITS.contextElements;
  const shown =
    texts.length > max
      ? [...texts.slice(0, max - 1), `${ELLIPSIS}and ${texts.length - (max - 1)} more`]
      : texts;
  return { type: 'context', elements: shown.map((t) => mrkdwn(t, SLACK_LIMITS.contextText)) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** "…and 12 more recommendations" (plus an optional hint where to see them). */
export function moreLine(remaining: number, noun: string, hint?: string): ContextBlock {
  const tail = hint ? ` — ${hint}` : '';
  return context([`${ELLIPSIS}and ${remaining} more ${noun}${tail}`]);
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  accessibilityLabel?: string;
}

export function button(spec: ButtonSpec): Button {
  const el: Button = {
    type: 'button',
    action_id: assertFits('action_id', spec.actionId, SLACK_LIMITS.actionId),
    text: plain(spec.text, SLACK_LIMITS.buttonText),
  };
  if (spec.value !== undefined)
    el.value = assertFits('button value', spec.value, SLACK_LIMITS.buttonValue);
  if (spec.style) el.style = spec.style;
  if (spec.accessibilityLabel)
    el.accessibility_label = truncate(spec.accessibilityLabel, SLACK_LIMITS.buttonText);
  return el;
}

export interface OptionSpec {
  text: string;
  value: string;
}

export function staticSelect(
  actionId: string,
  placeholder: string,
  options: readonly OptionSpec[],
): StaticSelect {
  return {
    type: 'static_select',
    action_id: assertFits('action_id', actionId, SLACK_LIMITS.actionId),
    placeholder: plain(placeholder, SLACK_LIMITS.placeholderText),
    options: options.map((o) => ({
      text: plain(o.text, SLACK_LIMITS.optionText),
      value: assertFits('option value', o.value, SLACK_LIMITS.optionValue),
    })),
  };
}

export function datepicker(actionId: string, placeholder: string): Datepicker {
  return {
    type: 'datepicker',
    action_id: assertFits('action_id', actionId, SLACK_LIMITS.actionId),
    placeholder: plain(placeholder, SLACK_LIMITS.placeholderText),
  };
}

export function actions(elements: ActionsBlockElement[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: 'actions', elements };
  if (blockId !== undefined) block.block_id = assertFits('block_id', blockId, SLACK_LIMITS.blockId);
  return block;
}

/** The payload every message builder returns: blocks plus the top-level fallback `text`. */
export interface MessagePayload {
  text: string;
  blocks: SlackBlock[];
  /**
   * The same message without its native blocks (chart, table), the mrkdwn lines in their place:
   * what is sent when Slack refuses them (`invalid_blocks`). Absent when `blocks` has none.
   */
  plain?: SlackBlock[];
}

/** The message as it is sent when Slack refuses its native blocks (itself when it has none). */
export function withoutNativeBlocks(payload: MessagePayload): MessagePayload {
  return { text: payload.text, blocks: payload.plain ?? payload.blocks };
}

/** The App Home view published with views.publish. */
export interface HomeViewPayload {
  type: 'home';
  callback_id: string;
  blocks: SlackBlock[];
}

/** The notification / screen-reader fallback: plain, one line, within its limit. */
export function fallbackText(text: string): string {
  return truncate(text.replace(/\s+/g, ' ').trim(), SLACK_LIMITS.fallbackText);
}
