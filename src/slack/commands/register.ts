import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../../blocks/ids.js';
import { buildError } from '../../../blocks/index.js';
import { parseCommand } from '../../command/parse-command.js';
import type { ParseResult } from '../../command/types.js';
import { nameRequest, noteOutcome } from '../../ops/request-outcome.js';
import { tenantKeyOrNull } from '../../tenancy/tenants.js';
import { ackCommand } from '../ack.js';
import { ephemeral } from '../reply.js';
import { createRespond } from '../response-url.js';
import type { SlackDeps } from '../slack-deps.js';
import { readCommandFields } from './command-fields.js';
import { ANY_SLASH_COMMAND, typedCommand, withTypedUsage } from './command-name.js';
import { dispatchCommand } from './dispatch.js';
import { refreshAnswer, warmStatusAnswer } from './warm-status.js';

/**
 * The one slash command listener: `/scale`, or whatever name the workspace gave it in the
 * manifest (command-name.ts). The ack path: the fields validated (a missing one is answered in the
 * ack itself) and the text parsed, once; a status whose shared answer is in memory is answered in
 * the ack itself (no I/O before it); anything else is offered to the bounded queue with its
 * parsed command and acked (empty, or "busy" when the queue is full), and runs later, from the
 * queue, through respond(): the response_url when it is Slack's, else the Web API.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  // The manifests declare `/scale`; the listener answers the app's command whatever its name.
  deps.registry.commands.add(SLASH_COMMAND);
  app.command(ANY_SLASH_COMMAND, async ({ ack, command, client }) => {
    const read = readCommandFields(command);
    if (!read.ok) {
      nameCommand(null);
      await ack(ephemeral(buildError({ message: read.message })));
      const { missing, repeated } = read;
      deps.logger.warn({ missing, repeated }, 'slash command refused: missing or repeated fields');
      return;
    }
    const { channelId, userId, text, responseUrl } = read.fields;
    const teamId = tenantKeyOrNull(deps.tenants, read.fields);
    if (teamId === null) {
      nameCommand(null);
      await ack(ephemeral(buildError({ message: NO_TENANT_MESSAGE })));
      deps.logger.warn({ teamId: read.fields.teamId }, 'slash command refused: no tenant key');
      return;
    }
    const meta = { teamId, channelId, userId };
    const commandName = typedCommand(command);
    const parsed = withTypedUsage(parseCommand(text, 'slack'), commandName);
    nameCommand(parsed);
    const warm = warmStatusAnswer(deps, teamId, parsed);
    const outcome = await ackCommand({
      ack,
      answers: deps.answers,
      ...(warm === null ? {} : { answerNow: warm.body }),
      answer: {
        kind: 'slash command',
        meta,
        run: () => {
          const respond = createRespond({
            responseUrl,
            policy: deps.responseUrls,
            fallback: { client, channelId, userId },
            logger: deps.logger,
            meta,
          });
          const ctx = { deps, respond, client, teamId, channelId, userId, commandName };
          return dispatchCommand(ctx, parsed);
        },
      },
    });
    if (outcome !== 'answered' || warm === null) return;
    // The one info line of a command answered in its ack (dispatch logs the others').
    deps.logger.info({ ...meta, command: 'status', inAck: true }, 'slash command answered');
    const answers = warm.tenant.statusAnswers;
    if (warm.status.refreshDue && answers.claimRefresh(teamId)) {
      const offer = deps.answers.offer(refreshAnswer(deps, { teamId, channelId }, meta));
      if (offer !== 'queued') answers.release(teamId);
    }
  });
}

/** An org-wide install's command that names no org: whose data to use cannot be told. */
export const NO_TENANT_MESSAGE =
  'This command arrived from an org-wide install without its organization (`enterprise_id`), so Scale Review cannot tell whose reviews to use. Try again; if it keeps happening, reinstall the app.';

/**
 * Names the request for the request metrics (src/ops/) by its command's kind; a command that could
 * not be read (bad text, missing fields) is `invalid` and refused: the user gets the reason.
 */
function nameCommand(parsed: ParseResult | null): void {
  if (parsed?.ok) {
    nameRequest(parsed.command.kind);
    return;
  }
  nameRequest('invalid');
  noteOutcome('refused');
}
