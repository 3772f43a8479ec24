import { z } from 'zod';
import {
  decodeRecommendationRef,
  parseRecommendationBlockId,
  type RecommendationRef,
} from '../ids.js';

/** Where the click happened. */
export type Surface =
  | { kind: 'message'; channelId: string; messageTs: string; ephemeral: boolean }
  | { kind: 'home'; viewId: string | null }
  | { kind: 'other' };

/** A `block_actions` click, validated: only what the handlers use. */
export interface Interaction {
  teamId: string;
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
  return { kind: 'other' };
}

/** Reads a click from Bolt's `body` and `action`; null when it is not a block_actions click we can read. */
export function readInteraction(body: unknown, action: unknown): Interaction | null {
  const b = bodySchema.safeParse(body);
  const a = actionSchema.safeParse(action);
  if (!b.success || !a.success) return null;
  const teamId = b.data.team?.id ?? b.data.user.team_id;
  if (teamId === undefined) return null;
  const value = a.data.value ?? a.data.selected_option?.value ?? a.data.selected_date ?? null;
  const fromBlock = a.data.block_id ? parseRecommendationBlockId(a.data.block_id) : null;
  const fromValue = a.data.value ? decodeRecommendationRef(a.data.value) : null;
  return {
    teamId,
    userId: b.data.user.id,
    actionId: a.data.action_id,
    actionTs: a.data.action_ts,
    deliveryKey: `${a.data.action_ts}:${b.data.user.id}`,
    value,
    ref: fromValue ?? fromBlock,
    fromRecommendation: fromBlock !== null,
    surface: surfaceOf(b.data),
    triggerId: b.data.trigger_id ?? null,
  };
}
