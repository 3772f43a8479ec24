import { z } from 'zod';
import { decodeRecommendationRef, parseRecommendationBlockId } from '../../../blocks/ids.js';
import type { RecommendationRef } from '../../domain/review-message.js';
import type { TenantOrigin } from '../../tenancy/tenant-key.js';

/** Where the click happened. */
export type Surface =
  | { kind: 'message'; channelId: string; messageTs: string; ephemeral: boolean }
  | { kind: 'home'; viewId: string | null }
  /** The history modal opened from the App Home ("Full history"). */
  | { kind: 'modal'; viewId: string }
  | { kind: 'other' };

/** A `block_actions` click, validated: only what the handlers use. */
export interface Interaction {
  /** The tenant key once resolved (register.ts): the team id, or an org-wide install's org id. */
  teamId: string;
  /** The Enterprise Grid org, when the workspace belongs to one. */
  enterpriseId: string | null;
  /** Installed org-wide: the org is the tenant (src/tenancy/tenant-key.ts). */
  isEnterpriseInstall: boolean;
  userId: string;
  actionId: string;
  actionTs: string;
  /** `<action_ts>:<user>`: a Slack retry or redelivery of this click carries the same key. */
  deliveryKey: string;
  /** The button's value, the selected option's value, or the picked date (YYYY-MM-DD). */
  value: string | null;
  /** From the button value, else from the recommendation block id. */
  ref: RecommendationRef | null;
  /** True when the click came from a recommendation's controls (the message can be re-rendered). */
  fromRecommendation: boolean;
  surface: Surface;
  triggerId: string | null;
}

const bodySchema = z.object({
  type: z.literal('block_actions'),
  // Never refused: a workspace outside an org sends none, or null.
  enterprise: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional()
    .catch(undefined),
  is_enterprise_install: z.boolean().optional().catch(undefined),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  container: z
    .object({
      type: z.string(),
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
      view_id: z.string().optional(),
    })
    .optional(),
  view: z.object({ id: z.string().optional(), type: z.string().optional() }).optional(),
  trigger_id: z.string().optional(),
});

const actionSchema = z.object({
  action_id: z.string().min(1),
  block_id: z.string().optional(),
  action_ts: z.string().min(1),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullable().optional(),
  selected_date: z.string().nullable().optional(),
});

type Body = z.infer<typeof bodySchema>;

function surfaceOf(body: Body): Surface {
  const c = body.container;
  if (c?.type === 'message' && c.channel_id && c.message_ts) {
    return {
      kind: 'message',
      channelId: c.channel_id,
      messageTs: c.message_ts,
      ephemeral: c.is_ephemeral === true,
    };
  }
  if (c?.type === 'view' && body.view?.type === 'home') {
    return { kind: 'home', viewId: c.view_id ?? body.view.id ?? null };
  }
  const modalId = c?.view_id ?? body.view?.id;
  if (c?.type === 'view' && body.view?.type === 'modal' && modalId) {
    return { kind: 'modal', viewId: modalId };
  }
  return { kind: 'other' };
}

/** One sentence per unreadable part of a click: what is missing and why it matters. */
const CLICK_PROBLEMS = {
  unreadable:
    'This click could not be read: its payload is not what Slack sends for a button or a menu.',
  user: 'This click arrived without its user (`user.id`), so Scale Review cannot tell who clicked.',
  team: 'This click arrived without its workspace (`team.id`), so Scale Review cannot tell whose review it is.',
  action:
    'This click arrived without its control (`action_id` and `action_ts`), so Scale Review cannot tell what was clicked.',
} as const;

const RETRY_HINT = 'Run `/scale status` for a fresh message and try again.';

export type InteractionResult =
  | { ok: true; interaction: Interaction & { origin: TenantOrigin } }
  | { ok: false; problems: (keyof typeof CLICK_PROBLEMS)[]; message: string };

function refused(problems: (keyof typeof CLICK_PROBLEMS)[]): InteractionResult {
  const lines = problems.map((problem) => CLICK_PROBLEMS[problem]);
  return { ok: false, problems, message: [...lines, RETRY_HINT].join('\n') };
}

function problemsOf(body: unknown, action: unknown): (keyof typeof CLICK_PROBLEMS)[] {
  const b = bodySchema.safeParse(body);
  if (!b.success) {
    const paths = new Set(b.error.issues.map((issue) => issue.path[0]));
    const problems: (keyof typeof CLICK_PROBLEMS)[] = [];
    if (paths.has('user')) problems.push('user');
    if (paths.has('team')) problems.push('team');
    if ([...paths].some((p) => p !== 'user' && p !== 'team')) problems.push('unreadable');
    return problems;
  }
  const problems: (keyof typeof CLICK_PROBLEMS)[] = [];
  if ((b.data.team?.id ?? b.data.user.team_id) === undefined) problems.push('team');
  if (!actionSchema.safeParse(action).success) problems.push('action');
  return problems;
}

/**
 * Reads a click from Bolt's `body` and `action`, validated (zod); when a field the handlers need
 * is missing, a message naming each one.
 */
export function readInteraction(body: unknown, action: unknown): InteractionResult {
  const b = bodySchema.safeParse(body);
  const a = actionSchema.safeParse(action);
  const teamId = b.success ? (b.data.team?.id ?? b.data.user.team_id) : undefined;
  if (!b.success || !a.success || teamId === undefined) return refused(problemsOf(body, action));
  const value = a.data.value ?? a.data.selected_option?.value ?? a.data.selected_date ?? null;
  const fromBlock = a.data.block_id ? parseRecommendationBlockId(a.data.block_id) : null;
  const fromValue = a.data.value ? decodeRecommendationRef(a.data.value) : null;
  return {
    ok: true,
    interaction: {
      teamId,
      origin: {
        teamId,
        enterpriseId: b.data.enterprise?.id ?? null,
        isEnterpriseInstall: b.data.is_enterprise_install === true,
      },
      enterpriseId: b.data.enterprise?.id ?? null,
      isEnterpriseInstall: b.data.is_enterprise_install === true,
      userId: b.data.user.id,
      actionId: a.data.action_id,
      actionTs: a.data.action_ts,
      deliveryKey: `${a.data.action_ts}:${b.data.user.id}`,
      value,
      ref: fromValue ?? fromBlock,
      fromRecommendation: fromBlock !== null,
      surface: surfaceOf(b.data),
      triggerId: b.data.trigger_id ?? null,
    },
  };
}

const replyTargetSchema = z.object({
  user: z.object({ id: z.string().min(1) }),
  container: z.object({ channel_id: z.string().min(1) }).optional(),
  channel: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
});

/** Where a click's answer can go through the Web API (its channel and user), when the body says. */
export function replyTargetOf(body: unknown): { channelId: string; userId: string } | null {
  const parsed = replyTargetSchema.safeParse(body);
  if (!parsed.success) return null;
  const channelId = parsed.data.container?.channel_id ?? parsed.data.channel?.id;
  return channelId === undefined ? null : { channelId, userId: parsed.data.user.id };
}
