import { z } from 'zod';

/**
 * The fields of a `/scale` request the bot relies on, validated at the boundary. Slack always
 * sends them; a request without one is answered, in the ack itself, with what is missing.
 */
export interface CommandFields {
  teamId: string;
  channelId: string;
  userId: string;
  text: string;
  /** Unchecked here: response-url.ts decides whether it may be posted to. */
  responseUrl: unknown;
}

const id = z.string().trim().min(1);

const commandSchema = z.object({
  team_id: id,
  channel_id: id,
  user_id: id,
  text: z.string().optional(),
  response_url: z.unknown().optional(),
});

type Field = 'team_id' | 'channel_id' | 'user_id' | 'text';

/** One sentence per field: what is missing and why it matters. */
export const MISSING_FIELD_MESSAGES = {
  team_id:
    'This command arrived without its workspace (`team_id`), so Scale Review cannot tell whose reviews to use.',
  channel_id:
    'This command arrived without its channel (`channel_id`), so Scale Review cannot tell where to answer.',
  user_id:
    'This command arrived without its user (`user_id`), so Scale Review cannot tell who asked.',
  text: 'This command arrived with unreadable text (`text` is not a string).',
} as const satisfies Record<Field, string>;

const RETRY_HINT = 'Try again; if it keeps happening, reinstall the app to your workspace.';

export type CommandFieldsResult =
  | { ok: true; fields: CommandFields }
  | { ok: false; missing: Field[]; message: string };

/** Reads Bolt's `command` payload; on a missing or empty field, a message naming each one. */
export function readCommandFields(body: unknown): CommandFieldsResult {
  const parsed = commandSchema.safeParse(body);
  if (parsed.success) {
    const { data } = parsed;
    return {
      ok: true,
      fields: {
        teamId: data.team_id,
        channelId: data.channel_id,
        userId: data.user_id,
        text: data.text ?? '',
        responseUrl: data.response_url,
      },
    };
  }
  const fields = new Set<Field>();
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (key === 'team_id' || key === 'channel_id' || key === 'user_id' || key === 'text') {
      fields.add(key);
    }
  }
  const missing = (['team_id', 'channel_id', 'user_id', 'text'] as const).filter((f) =>
    fields.has(f),
  );
  const lines = missing.map((field) => MISSING_FIELD_MESSAGES[field]);
  return { ok: false, missing, message: [...lines, RETRY_HINT].join('\n') };
}
