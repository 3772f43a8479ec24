import { buildError, buildHelp, type HelpCommand as HelpLine } from '../../../blocks/index.js';
import { wrongSurfaceMessage } from '../../command/parse-command.js';
import type { CommandName, HelpCommand } from '../../command/types.js';
import {
  COMMAND_DOCS,
  commandSynopsis,
  commandsFor,
  detailsFor,
  usageFor,
} from '../../command/usage.js';
import { ephemeral } from '../reply.js';
import type { CommandContext } from './command-context.js';

function footer(commandName: string): string {
  return `Answers are private to you; \`${commandName} status public\` shares the status with the channel.`;
}

function line(name: CommandName, detailed: boolean, commandName: string): HelpLine {
  const doc = COMMAND_DOCS[name];
  const details = detailed ? detailsFor(name, 'slack') : [];
  const example = detailed ? [`Example: ${commandName} ${doc.example}`] : [];
  return {
    usage: commandSynopsis(name, 'slack', commandName),
    description: [doc.summary, ...details, ...example].join('\n'),
  };
}

/**
 * `/scale help [command]`: the usage text shared with the CLI (src/command/usage.ts), with the
 * command as the user typed it.
 */
export async function handleHelp(ctx: CommandContext, command: HelpCommand): Promise<void> {
  const slackCommands = commandsFor('slack');
  const { topic } = command;
  if (topic !== null && !slackCommands.includes(topic)) {
    const message = wrongSurfaceMessage(topic, 'slack');
    await ctx.respond(
      ephemeral(buildError({ message, usage: usageFor(null, 'slack', ctx.commandName) })),
    );
    return;
  }
  const names = topic === null ? slackCommands : [topic];
  const commands = names.map((name) => line(name, command.topic !== null, ctx.commandName));
  await ctx.respond(ephemeral(buildHelp({ commands, footer: footer(ctx.commandName) })));
}
