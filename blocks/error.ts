import { fallbackText, type MessagePayload, section } from './elements.js';
import type { SlackBlock } from './native-types.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

export interface ErrorViewModel {
  /** What went wrong and what to do: "`2x` is not a volume; try 2000 or 2k". */
  message: string;
  /** Usage line(s) of the command concerned. */
  usage?: string | readonly string[];
}

const FENCE = '```';

/**
 * The usage as lines, without the "Usage:" the shared usage text (src/command/usage.ts) starts
 * with for the terminal: the message says "Usage" once, as its heading.
 */
function usageLines(usage: ErrorViewModel['usage']): string[] {
  const given = usage === undefined ? [] : typeof usage === 'string' ? [usage] : [...usage];
  return given
    .flatMap((u) => u.split('\n'))
    .map((line, i) => (i === 0 ? line.replace(/^Usage:\s*/, '') : line))
    .filter((line) => line.trim() !== '');
}

/**
 * The ephemeral answer to bad input or a failure: never silence. The usage is a code block, which
 * Slack renders across lines (single backticks do not span lines).
 */
export function buildError(vm: ErrorViewModel): MessagePayload {
  const usage = usageLines(vm.usage);
  const blocks: SlackBlock[] = [section(`:warning: ${escapeMrkdwn(vm.message)}`)];
  if (usage.length > 0) {
    blocks.push(section(`*Usage*\n${FENCE}\n${usage.map(escapeMrkdwn).join('\n')}\n${FENCE}`));
  }
  validateBlocks(blocks, 'message');
  const tail = usage.length > 0 ? ` Usage: ${usage.map((u) => u.trim()).join(' | ')}` : '';
  return { text: fallbackText(`${escapeMrkdwn(vm.message)}${escapeMrkdwn(tail)}`), blocks };
}
