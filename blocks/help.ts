import { context, fallbackText, header, type MessagePayload } from './elements.js';
import { composeBlocks, fitLines } from './layout.js';
import { budgetFor } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { escapeMrkdwn } from './text.js';
import { validateBlocks } from './validate.js';

export interface HelpCommand {
  /** "/scale project <volume> [growth] [months]" */
  usage: string;
  description: string;
}

export interface HelpViewModel {
  commands: readonly HelpCommand[];
  /** An optional closing remark, e.g. "Answers are private; add `public` to share". */
  footer?: string;
}

function helpLine(command: HelpCommand): string {
  return `\`${escapeMrkdwn(command.usage)}\`\n${escapeMrkdwn(command.description)}`;
}

/** `/scale help`: the commands and what they do (the text comes from the command parser). */
export function buildHelp(vm: HelpViewModel): MessagePayload {
  const head: SlackBlock[] = [header(':wave: Scale Review commands')];
  const tail: SlackBlock[] = vm.footer ? [context([escapeMrkdwn(vm.footer)])] : [];
  const blocks = composeBlocks(
    head,
    [(b) => fitLines(vm.commands.map(helpLine), b, 'commands')],
    tail,
    budgetFor('message'),
  );
  validateBlocks(blocks, 'message');
  const list = vm.commands.map((c) => c.usage).join(', ');
  return { text: fallbackText(`Scale Review commands: ${escapeMrkdwn(list)}`), blocks };
}
