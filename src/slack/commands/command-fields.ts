import { z } from 'zod';

/**
 * The fields of a `/scale` request the bot relies on, validated at the boundary. Slack always
 * sends them, once each; a request without one, or with one given twice, is answered in the ack
 * itself with what is wrong, and logged once at warn (slash command listener, register.ts).
 */
export interface CommandFields {
  teamId: string;
  /** The Enterprise Grid org, when the workspace is in one. */
  enterpriseId: string | null;
  /** An org-wide install: the org is the tenant (src/tenancy/tenant-key.ts). */
  isEnterpriseInstall: boolean;
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
  // Optional and never refused: a workspace outside an org sends none (or an empty one).
  enterprise_id: z.string().optional().catch(undefined),
  is_enterprise_install: z.string().optional().catch(undefined),
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

/**
 * One sentence per field given more than once (Slack sends each once; a form with a repeated key
 * parses to an array): which one to believe cannot be told, so none is.
 */
export const REPEATED_FIELD_MESSAGES = {
  team_id:
    'This command arrived with its workspace (`team_id`) given more than once, so Scale Review cannot tell whose reviews to use.',
  channel_id:
    'This command arrived with its channel (`channel_id`) given more than once, so Scale Review cannot tell where to answer.',
  user_id:
    'This command arrived with its user (`user_id`) given more than once, so Scale Review cannot tell who asked.',
  text: 'This command arrived with its text (`text`) given more than once, so Scale Review cannot tell what was asked.',
} as const satisfies Record<Field, string>;

const RETRY_HINT = 'Try again; if it keeps happening, reinstall the app to your workspace.';
const FIELDS = ['team_id', 'channel_id', 'user_id', 'text'] as const;

export type CommandFieldsResult =
  | { ok: true; fields: CommandFields }
  | { ok: false; missing: Field[]; repeated: Field[]; message: string };

function isField(key: unknown): key is Field {
  return (FIELDS as readonly unknown[]).includes(key);
}

/**
 * Reads Bolt's `command` payload; on a missing, empty or repeated field, a message naming each
 * one (field names only: the values are the sender's and are neither shown nor logged).
 */
export function readCommandFields(body: unknown): CommandFieldsResult {
  const parsed = commandSchema.safeParse(body);
  if (parsed.success) {
    const { data } = parsed;
    return {
      ok: true,
      fields: {
        teamId: data.team_id,
        enterpriseId: data.enterprise_id?.trim() || null,
        isEnterpriseInstall: data.is_enterprise_install === 'true',
        channelId: data.channel_id,
        userId: data.user_id,
        text: data.text ?? '',
        responseUrl: data.response_url,
      },
    };
  }
  const bad = new Set(parsed.error.issues.map((issue) => issue.path[0]).filter(isField));
  const given = (body ?? {}) as Record<string, unknown>;
  const repeated = FIELDS.filter((f) => bad.has(f) && Array.isArray(given[f]));
  const missing = FIELDS.filter((f) => bad.has(f) && !Array.isArray(given[f]));
  const lines = [
    ...missing.map((field) => MISSING_FIELD_MESSAGES[field]),
    ...repeated.map((field) => REPEATED_FIELD_MESSAGES[field]),
  ];
  return { ok: false, missing, repeated, message: [...lines, RETRY_HINT].join('\n') };
}
