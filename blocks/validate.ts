import type { ActionsBlockElement, PlainTextOption, TextObject } from '@slack/types';
import { BlockLimitError, maxBlocks, SLACK_LIMITS, type Surface, textLength } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { validateNativeBlocks } from './validate-native.js';

/**
 * The last line of defence: every builder passes its output through here, so a payload that would
 * make Slack answer `invalid_blocks` or `msg_blocks_too_long` fails in our tests instead.
 */
export function validateBlocks(blocks: readonly SlackBlock[], surface: Surface): void {
  const limit = maxBlocks(surface);
  if (blocks.length > limit) {
    throw new BlockLimitError(`${blocks.length} blocks; a ${surface} allows ${limit}`);
  }
  if (surface === 'message' && textLength(blocks) > SLACK_LIMITS.messageTextBudget) {
    throw new BlockLimitError(
      `${textLength(blocks)} characters of text; the message budget is ${SLACK_LIMITS.messageTextBudget}`,
    );
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const where = `block ${index} (${block.type})`;
    if (block.block_id !== undefined) {
      check(`${where} block_id`, block.block_id, SLACK_LIMITS.blockId);
      if (blockIds.has(block.block_id)) throw new BlockLimitError(`${where}: duplicate block_id`);
      blockIds.add(block.block_id);
    }
    validateBlock(block, where);
  });
  validateNativeBlocks(blocks, surface);
}

function check(what: string, value: string, max: number): void {
  if (value.length === 0) throw new BlockLimitError(`${what} is empty`);
  if (value.length > max) {
    throw new BlockLimitError(`${what} is ${value.length} characters; Slack allows ${max}`);
  }
}

function checkText(what: string, text: TextObject, max: number): void {
  check(`${what} text`, text.text, max);
}

function validateBlock(block: SlackBlock, where: string): void {
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        throw new BlockLimitError(`${where}: needs text or fields`);
      }
      if (block.text) checkText(where, block.text, SLACK_LIMITS.sectionText);
      const fields = block.fields ?? [];
      if (fields.length > SLACK_LIMITS.fields) {
        throw new BlockLimitError(
          `${where}: ${fields.length} fields; Slack allows ${SLACK_LIMITS.fields}`,
        );
      }
      for (const [i, f] of fields.entries())
        checkText(`${where} field ${i}`, f, SLACK_LIMITS.fieldText);
      if (block.accessory)
        validateElement(block.accessory as ActionsBlockElement, `${where} accessory`);
      return;
    }
    case 'header':
      checkText(where, block.text, SLACK_LIMITS.headerText);
      return;
    case 'context':
      if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) {
        throw new BlockLimitError(`${where}: ${block.elements.length} elements; Slack allows 1-10`);
      }
      for (const [i, e] of block.elements.entries()) {
        if (e.type === 'mrkdwn' || e.type === 'plain_text') {
          checkText(`${where} element ${i}`, e, SLACK_LIMITS.contextText);
        }
      }
      return;
    case 'actions':
      if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.actionsElements) {
        throw new BlockLimitError(`${where}: ${block.elements.length} elements; Slack allows 1-25`);
      }
      validateUniqueActionIds(block.elements, where);
      for (const [i, e] of block.elements.entries()) validateElement(e, `${where} element ${i}`);
      return;
    default:
      return;
  }
}

function validateUniqueActionIds(elements: readonly ActionsBlockElement[], where: string): void {
  const seen = new Set<string>();
  for (const e of elements) {
    if (e.action_id === undefined) continue;
    if (seen.has(e.action_id))
      throw new BlockLimitError(`${where}: duplicate action_id ${e.action_id}`);
    seen.add(e.action_id);
  }
}

function validateOptions(options: readonly PlainTextOption[], max: number, where: string): void {
  if (options.length === 0 || options.length > max) {
    throw new BlockLimitError(`${where}: ${options.length} options; Slack allows 1-${max}`);
  }
  options.forEach((o, i) => {
    checkText(`${where} option ${i}`, o.text, SLACK_LIMITS.optionText);
    if (o.value !== undefined)
      check(`${where} option ${i} value`, o.value, SLACK_LIMITS.optionValue);
  });
}

function validateElement(element: ActionsBlockElement, where: string): void {
  if (element.action_id !== undefined) {
    check(`${where} action_id`, element.action_id, SLACK_LIMITS.actionId);
  }
  switch (element.type) {
    case 'button':
      checkText(where, element.text, SLACK_LIMITS.buttonText);
      if (element.value !== undefined && element.value.length > SLACK_LIMITS.buttonValue) {
        throw new BlockLimitError(
          `${where} value is ${element.value.length} characters; Slack allows 2000`,
        );
      }
      return;
    case 'static_select':
      if (element.placeholder)
        checkText(`${where} placeholder`, element.placeholder, SLACK_LIMITS.placeholderText);
      validateOptions(element.options ?? [], SLACK_LIMITS.selectOptions, where);
      return;
    case 'overflow':
      validateOptions(element.options, SLACK_LIMITS.overflowOptions, where);
      return;
    case 'datepicker':
      if (element.placeholder)
        checkText(`${where} placeholder`, element.placeholder, SLACK_LIMITS.placeholderText);
      return;
    default:
      return;
  }
}
