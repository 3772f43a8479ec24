import type { KnownBlock } from '@slack/types';
import { fallbackText, type MessagePayload, section } from './elements.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

export interface ErrorViewModel {
  /** What went wrong and what to do: "`2x` is not a volume; try 2000 or 2k". */
  message: string;
  /** Usage line(s) of the command concerned. */
  usage?: string | readonly string[];
}

/** The ephemeral answer to bad input or a failure: never silence. */
export function buildError(vm: ErrorViewModel): MessagePayload {
  const usage =
    vm.usage === undefined ? [] : typeof vm.usage === 'string' ? [vm.usage] : [...vm.usage];
  const blocks: KnownBlock[] = [section(`:warning: ${escapeMrkdwn(vm.message)}`)];
  if (usage.length > 0) {
    blocks.push(section(['*Usage*', ...usage.map((u) => `\`${escapeMrkdwn(u)}\``)].join('\n')));
  }
  validateBlocks(blocks, 'message');
  const tail = usage.length > 0 ? ` Usage: ${usage.join(' | ')}` : '';
  return { text: fallbackText(`${escapeMrkdwn(vm.message)}${escapeMrkdwn(tail)}`), blocks };
}
