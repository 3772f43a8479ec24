import type {
  InputBlock,
  InputBlockElement,
  KnownBlock,
  ModalView,
  PlainTextOption,
  RadioButtons,
} from '@slack/types';
import { plain } from './elements.js';
import { assertFits, BlockLimitError, SLACK_LIMITS } from './limits.js';
import { validateBlocks } from './validate.js';

/**
 * Input blocks for modals, within Slack's limits: labels, hints and placeholders are cut visibly;
 * block ids, action ids, option values and initial values that do not fit throw (they are data).
 * https://docs.slack.dev/reference/block-kit/blocks/input-block and the element pages.
 */

export interface OptionSpec {
  value: string;
  text: string;
}

export interface InputSpec {
  blockId: string;
  actionId: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

function option(o: OptionSpec): PlainTextOption {
  return {
    text: plain(o.text, SLACK_LIMITS.optionText),
    value: assertFits('option value', o.value, SLACK_LIMITS.optionValue),
  };
}

function options(list: readonly OptionSpec[], where: string): PlainTextOption[] {
  if (list.length === 0 || list.length > SLACK_LIMITS.selectOptions) {
    throw new BlockLimitError(`${where}: ${list.length} options; Slack allows 1-100`);
  }
  return list.map(option);
}

function initialOf(list: readonly OptionSpec[], value: string): PlainTextOption | undefined {
  const found = list.find((o) => o.value === value);
  return found === undefined ? undefined : option(found);
}

export function input(spec: InputSpec, element: InputBlockElement): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: assertFits('block_id', spec.blockId, SLACK_LIMITS.blockId),
    label: plain(spec.label, SLACK_LIMITS.inputLabel),
    element: {
      ...element,
      action_id: assertFits('action_id', spec.actionId, SLACK_LIMITS.actionId),
    },
  };
  if (spec.hint !== undefined) block.hint = plain(spec.hint, SLACK_LIMITS.inputHint);
  if (spec.optional) block.optional = true;
  return block;
}

function placeholderOf(text: string | undefined) {
  return text === undefined ? {} : { placeholder: plain(text, SLACK_LIMITS.placeholderText) };
}

export function textInput(
  spec: InputSpec & { placeholder?: string; initial?: string; maxLength?: number },
): InputBlock {
  const initial = spec.initial ?? '';
  return input(spec, {
    type: 'plain_text_input',
    action_id: spec.actionId,
    ...placeholderOf(spec.placeholder),
    ...(initial === ''
      ? {}
      : { initial_value: assertFits('initial value', initial, SLACK_LIMITS.inputValue) }),
    max_length: spec.maxLength ?? SLACK_LIMITS.inputValue,
  });
}

export function numberInput(
  spec: InputSpec & {
    placeholder?: string;
    initial?: string;
    decimal: boolean;
    min?: number;
    max?: number;
  },
): InputBlock {
  const initial = spec.initial ?? '';
  return input(spec, {
    type: 'number_input',
    action_id: spec.actionId,
    is_decimal_allowed: spec.decimal,
    ...placeholderOf(spec.placeholder),
    ...(initial === '' ? {} : { initial_value: initial }),
    ...(spec.min === undefined ? {} : { min_value: String(spec.min) }),
    ...(spec.max === undefined ? {} : { max_value: String(spec.max) }),
  });
}

export function selectInput(
  spec: InputSpec & { placeholder: string; options: readonly OptionSpec[]; initial: string },
): InputBlock {
  const initial = initialOf(spec.options, spec.initial);
  return input(spec, {
    type: 'static_select',
    action_id: spec.actionId,
    ...placeholderOf(spec.placeholder),
    options: options(spec.options, spec.blockId),
    ...(initial === undefined ? {} : { initial_option: initial }),
  });
}

export function multiSelectInput(
  spec: InputSpec & {
    placeholder: string;
    options: readonly OptionSpec[];
    initial: readonly string[];
  },
): InputBlock {
  const initial = spec.options.filter((o) => spec.initial.includes(o.value)).map(option);
  return input(spec, {
    type: 'multi_static_select',
    action_id: spec.actionId,
    ...placeholderOf(spec.placeholder),
    options: options(spec.options, spec.blockId),
    ...(initial.length === 0 ? {} : { initial_options: initial }),
  });
}

export function usersInput(
  spec: InputSpec & { placeholder: string; initial: readonly string[] },
): InputBlock {
  return input(spec, {
    type: 'multi_users_select',
    action_id: spec.actionId,
    ...placeholderOf(spec.placeholder),
    ...(spec.initial.length === 0 ? {} : { initial_users: [...spec.initial] }),
  });
}

export function radioInput(
  spec: InputSpec & { options: readonly OptionSpec[]; initial: string },
): InputBlock {
  const initial = initialOf(spec.options, spec.initial);
  const element: RadioButtons = {
    type: 'radio_buttons',
    action_id: spec.actionId,
    options: options(spec.options, spec.blockId),
    ...(initial === undefined ? {} : { initial_option: initial }),
  };
  return input(spec, element);
}

export interface ModalSpec {
  title: string;
  blocks: KnownBlock[];
  close: string;
  submit?: string;
  callbackId?: string;
  privateMetadata?: string;
}

/** A modal view, its texts and metadata within Slack's limits, its blocks validated (max 100). */
export function modal(spec: ModalSpec): ModalView {
  validateBlocks(spec.blocks, 'home');
  const view: ModalView = {
    type: 'modal',
    title: plain(spec.title, SLACK_LIMITS.modalTitle),
    close: plain(spec.close, SLACK_LIMITS.modalButton),
    blocks: spec.blocks,
  };
  if (spec.submit !== undefined) view.submit = plain(spec.submit, SLACK_LIMITS.modalButton);
  if (spec.callbackId !== undefined) view.callback_id = spec.callbackId;
  if (spec.privateMetadata !== undefined) {
    view.private_metadata = assertFits(
      'private_metadata',
      spec.privateMetadata,
      SLACK_LIMITS.privateMetadata,
    );
  }
  return view;
}
