/**
 * The bot scopes the app asks for when a workspace installs it (OAuth mode), in the order of
 * `oauth_config.scopes.bot` in manifest.yml; test/config/slack-scopes.test.ts holds the two
 * together (and manifest.http.yml). SLACK_SCOPES overrides the list (src/config/install-env.ts).
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'users:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'mpim:read',
  'canvases:write',
  'canvases:read',
] as const;

/** A scope as Slack spells them: `commands`, `chat:write.public`, `incoming-webhook`. */
export const SCOPE_PATTERN = /^[a-z][a-z0-9_.-]*(?::[a-z0-9_.-]+)*$/;
