import { buildDecisionNotice, buildError } from '../../../blocks/index.js';
import { PermissionDeniedError } from '../../app/errors.js';
import { describeFailure } from '../../app/user-errors.js';
import { wrongSurfaceMessage } from '../../command/parse-command.js';
import type { Command, ParseResult } from '../../command/types.js';
import { usageFor } from '../../command/usage.js';
import { ephemeral, logFailure, replyWithFailure, safeRespond } from '../reply.js';
import type { CommandContext, CommandRequest } from './command-context.js';
import { handleCost } from './cost.js';
import { handleHelp } from './help.js';
import { handleHistory } from './history.js';
import { handleProject } from './project.js';
import { handleStatus } from './status.js';
import { handleSubscribe } from './subscribe.js';
import { handleSubscriptions } from './subscriptions.js';
import { handleUnsubscribe } from './unsubscribe.js';

function run(ctx: CommandContext, command: Command): Promise<void> {
  switch (command.kind) {
    case 'status':
      return handleStatus(ctx, command);
    case 'project':
      return handleProject(ctx, command);
    case 'cost':
      return handleCost(ctx, command);
    case 'history':
      return handleHistory(ctx, command);
    case 'subscribe':
      return handleSubscribe(ctx, command);
    case 'unsubscribe':
      return handleUnsubscribe(ctx);
    case 'help':
      return handleHelp(ctx, command);
    case 'subscriptions':
      return handleSubscriptions(ctx);
    case 'plan':
    case 'digest': {
      // The Slack parser refuses these; kept exhaustive so a new command cannot be forgotten here.
      const message = wrongSurfaceMessage(command.kind, 'slack');
      return ctx
        .respond(
          ephemeral(buildError({ message, usage: usageFor(null, 'slack', ctx.commandName) })),
        )
        .then(() => undefined);
    }
  }
}

/**
 * Runs `/scale`'s command, as parsed at the ack (the parser shared with the CLI). Bad input gets
 * the parser's message and usage; any failure gets describeFailure's reply. Never throws.
 */
export async function dispatchCommand(ctx: CommandRequest, parsed: ParseResult): Promise<void> {
  const meta = { teamId: ctx.teamId, channelId: ctx.channelId, userId: ctx.userId };
  if (!parsed.ok) {
    const { message, usage } = parsed.error;
    ctx.deps.logger.info({ ...meta, reason: message }, 'slash command refused: bad input');
    await safeRespond(
      ctx.respond,
      ephemeral(buildError({ message, usage })),
      ctx.deps.logger,
      meta,
    );
    return;
  }
  const started = Date.now();
  const kind = parsed.command.kind;
  let admins: readonly string[] = [];
  try {
    const tenant = await ctx.deps.tenants.resolve(ctx.teamId);
    admins = tenant.app.permissions.admins;
    await run({ ...ctx, tenant }, parsed.command);
    ctx.deps.logger.info(
      { ...meta, command: kind, ms: Date.now() - started },
      'slash command answered',
    );
  } catch (error) {
    const logMeta = { ...meta, command: kind };
    if (error instanceof PermissionDeniedError && admins.length > 0) {
      // A refusal names who may do it instead, as a refused click does.
      const failure = describeFailure(error);
      logFailure(ctx.deps.logger, error, failure, logMeta);
      const notice = buildDecisionNotice({ kind: 'refused', reason: failure.message, admins });
      await safeRespond(ctx.respond, ephemeral(notice), ctx.deps.logger, logMeta);
      return;
    }
    await replyWithFailure(ctx.respond, error, ctx.deps.logger, logMeta);
  }
}
