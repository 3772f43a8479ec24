import { z } from 'zod';
import { SLASH_COMMAND } from '../../../blocks/ids.js';
import type { ParseResult } from '../../command/types.js';
import { usageFor } from '../../command/usage.js';

/**
 * The listener answers any slash command Slack routes to the app, not only `/scale`: Slack sends
 * an app only the commands of its own manifest, and a workspace that already has a `/scale`
 * renames ours there (`/scale-review`). A listener bound to `/scale` then matched nothing, and
 * every call timed out. Help and usage show the name the user typed.
 */
export const ANY_SLASH_COMMAND = /^\/\S+$/;

// Slack's rule for a command name: a slash and up to 32 characters, no spaces.
const typedSchema = z.string().regex(/^\/[^\s/]{1,32}$/);

/** The command as the user typed it (`command` of the payload), else the manifests' `/scale`. */
export function typedCommand(body: unknown): string {
  const command = (body as { command?: unknown } | null)?.command;
  const parsed = typedSchema.safeParse(command);
  return parsed.success ? parsed.data : SLASH_COMMAND;
}

/** A parse failure's usage, with the command as the user typed it. */
export function withTypedUsage(parsed: ParseResult, command: string): ParseResult {
  if (parsed.ok || command === SLASH_COMMAND) return parsed;
  return {
    ok: false,
    error: { ...parsed.error, usage: usageFor(parsed.error.topic, 'slack', command) },
  };
}
