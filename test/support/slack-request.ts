import { createHmac } from 'node:crypto';

/**
 * Requests shaped and signed exactly as Slack sends them, for end-to-end tests over real HTTP.
 * Signing: https://docs.slack.dev/authentication/verifying-requests-from-slack (v0, HMAC-SHA256
 * over `v0:<timestamp>:<raw body>`, hex). Shapes: the slash command, block_actions and Events API
 * reference pages.
 */

/** Not a real secret: the signing secret the test apps are configured with. */
export const TEST_SIGNING_SECRET = 'test-signing-secret-not-real';

/** `v0=<hex HMAC-SHA256 of "v0:<timestamp>:<rawBody>">`. */
export function slackSignature(
  secret: string,
  timestamp: number | string,
  rawBody: string,
): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignOptions {
  /** Unix seconds (default: now, from `now`). */
  timestamp?: number;
  secret?: string;
  /** Milliseconds since the epoch used when `timestamp` is not given (default Date.now()). */
  now?: number;
}

export function signedHeaders(rawBody: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor((options.now ?? Date.now()) / 1000);
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, rawBody),
  };
}

/** Form-encodes fields in the given order, leaving out undefined ones (as Slack's examples do). */
export function encodeForm(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) params.append(key, value);
  return params.toString();
}

/** The fields Slack posts for a slash command, in Slack's order. */
export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  enterprise_id?: string;
  enterprise_name?: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  response_url: string;
  trigger_id: string;
  api_app_id?: string;
  is_enterprise_install?: string;
}

export function slashCommandFields(
  overrides: Partial<SlashCommandFields> = {},
): SlashCommandFields {
  const base: SlashCommandFields = {
    token: 'verification-token-unused',
    team_id: 'T0FAKE',
    team_domain: 'fake-workspace',
    channel_id: 'C0OPS',
    channel_name: 'ops',
    user_id: 'U1ANA',
    user_name: 'ana',
    command: '/scale',
    text: '',
    response_url: 'http://127.0.0.1:9/response/unset',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    api_app_id: 'A0SCALE',
    is_enterprise_install: 'false',
  };
  // Spread keeps Slack's field order for the keys of `base`.
  return { ...base, ...overrides };
}

/** `application/x-www-form-urlencoded` body of a slash command. */
export function slashCommandBody(overrides: Partial<SlashCommandFields> = {}): string {
  return encodeForm({ ...slashCommandFields(overrides) });
}

export type BlockActionElement =
  | { type: 'button'; action_id: string; block_id: string; value?: string; text?: string }
  | {
      type: 'static_select';
      action_id: string;
      block_id: string;
      selected: { text: string; value: string };
    }
  | {
      type: 'overflow';
      action_id: string;
      block_id: string;
      selected: { text: string; value: string };
    }
  | { type: 'datepicker'; action_id: string; block_id: string; selected_date: string | null };

export interface BlockActionsOptions {
  action: BlockActionElement;
  user?: { id: string; username?: string; team_id?: string };
  /** Where the click happened: a message in a channel (default) or the App Home. */
  surface?:
    | {
        kind: 'message';
        channelId: string;
        channelName?: string;
        messageTs: string;
        message?: Record<string, unknown>;
      }
    | { kind: 'home'; viewId?: string; view?: Record<string, unknown> };
  responseUrl?: string;
  actionTs?: string;
  triggerId?: string;
  teamId?: string;
  apiAppId?: string;
}

function actionPayload(action: BlockActionElement, actionTs: string): Record<string, unknown> {
  const base = { action_id: action.action_id, block_id: action.block_id, action_ts: actionTs };
  switch (action.type) {
    case 'button':
      return {
        ...base,
        type: 'button',
        text: { type: 'plain_text', text: action.text ?? 'Button', emoji: true },
        ...(action.value === undefined ? {} : { value: action.value }),
      };
    case 'static_select':
    case 'overflow':
      return {
        ...base,
        type: action.type,
        selected_option: {
          text: { type: 'plain_text', text: action.selected.text, emoji: true },
          value: action.selected.value,
        },
      };
    case 'datepicker':
      return { ...base, type: 'datepicker', selected_date: action.selected_date };
  }
}

/** A `block_actions` interaction payload, shaped like Slack's reference example. */
export function blockActionsPayload(o: BlockActionsOptions): Record<string, unknown> {
  const user = { id: 'U1ANA', username: 'ana', team_id: o.teamId ?? 'T0FAKE', ...o.user };
  const actionTs = o.actionTs ?? '1764930720.000100';
  const surface = o.surface ?? {
    kind: 'message',
    channelId: 'C0OPS',
    messageTs: '1764930000.000100',
  };
  const common = {
    type: 'block_actions',
    user: { ...user, name: user.username },
    api_app_id: o.apiAppId ?? 'A0SCALE',
    token: 'verification-token-unused',
    trigger_id: o.triggerId ?? '13345224609.738474920.8088930838d88f008e0',
    team: { id: o.teamId ?? 'T0FAKE', domain: 'fake-workspace' },
    enterprise: null,
    is_enterprise_install: false,
    actions: [actionPayload(o.action, actionTs)],
  };
  if (surface.kind === 'home') {
    const viewId = surface.viewId ?? 'V0HOME';
    return {
      ...common,
      container: { type: 'view', view_id: viewId },
      view: {
        id: viewId,
        type: 'home',
        team_id: o.teamId ?? 'T0FAKE',
        blocks: [],
        callback_id: '',
        ...surface.view,
      },
      state: { values: {} },
    };
  }
  return {
    ...common,
    container: {
      type: 'message',
      message_ts: surface.messageTs,
      channel_id: surface.channelId,
      is_ephemeral: false,
    },
    channel: { id: surface.channelId, name: surface.channelName ?? 'ops' },
    message: {
      type: 'message',
      user: 'U0BOT',
      ts: surface.messageTs,
      text: '',
      ...surface.message,
    },
    state: { values: {} },
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/response/unset',
  };
}

/** Interactions arrive form-encoded with the JSON in a single `payload` field. */
export function blockActionsBody(options: BlockActionsOptions): string {
  return encodeForm({ payload: JSON.stringify(blockActionsPayload(options)) });
}

export interface EnvelopeOptions {
  teamId?: string;
  apiAppId?: string;
  eventId?: string;
  /** Unix seconds. */
  eventTime?: number;
  /**
   * The installation the event is for (`authorizations[0]`; Slack sends one). Default: the app's
   * bot user `U0BOT` in `teamId`, a workspace install outside any Enterprise Grid org.
   */
  authorization?: EventAuthorization;
}

/** One entry of an event's `authorizations` (https://api.slack.com/enterprise/apps/reference). */
export interface EventAuthorization {
  enterpriseId: string | null;
  userId: string;
  isBot: boolean;
  isEnterpriseInstall: boolean;
}

/** An Events API `event_callback` envelope (JSON body). */
export function eventCallbackBody(event: Record<string, unknown>, o: EnvelopeOptions = {}): string {
  const teamId = o.teamId ?? 'T0FAKE';
  const authorization = o.authorization ?? {
    enterpriseId: null,
    userId: 'U0BOT',
    isBot: true,
    isEnterpriseInstall: false,
  };
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: teamId,
    api_app_id: o.apiAppId ?? 'A0SCALE',
    event,
    type: 'event_callback',
    event_id: o.eventId ?? 'Ev0FAKE0001',
    event_time: o.eventTime ?? 1764930720,
    authorizations: [
      {
        enterprise_id: authorization.enterpriseId,
        team_id: teamId,
        user_id: authorization.userId,
        is_bot: authorization.isBot,
        is_enterprise_install: authorization.isEnterpriseInstall,
      },
    ],
    is_ext_shared_channel: false,
  });
}

/** The `app_home_opened` event (https://docs.slack.dev/reference/events/app_home_opened). */
export function appHomeOpenedEvent(
  user = 'U1ANA',
  o: { channel?: string; tab?: 'home' | 'messages'; eventTs?: string } = {},
) {
  return {
    type: 'app_home_opened',
    user,
    channel: o.channel ?? 'D0HOME',
    tab: o.tab ?? 'home',
    event_ts: o.eventTs ?? '1764930720.000200',
  };
}

export interface PostSignedOptions extends SignOptions {
  headers?: Record<string, string>;
}

/**
 * POSTs a body signed as Slack signs it. JSON bodies (starting with `{`) go as application/json,
 * anything else as a form. `headers` may override or add (e.g. `x-slack-retry-num`).
 */
export function postSigned(
  url: string,
  body: string,
  options: PostSignedOptions = {},
): Promise<Response> {
  const contentType = body.trimStart().startsWith('{')
    ? 'application/json'
    : 'application/x-www-form-urlencoded';
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signedHeaders(body, options), ...options.headers },
    body,
  });
}
