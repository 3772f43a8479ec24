import type { KnownBlock, ModalView } from '@slack/types';
import { CALLBACK_IDS } from '../../blocks/ids.js';

/**
 * A Settings modal submitted as Slack submits it: `view.state.values` holds every input block's
 * current value (its initial value unless the user changed it), keyed by block id and action id,
 * and the view's blocks and private_metadata come back as they were opened.
 */

export type ElementState =
  | { type: 'plain_text_input' | 'number_input'; value: string | null }
  | { type: 'static_select' | 'radio_buttons'; selected_option: { value: string } | null }
  | { type: 'multi_static_select'; selected_options: { value: string }[] }
  | { type: 'multi_users_select'; selected_users: string[] };

/** What the user changed, by block id: a text, an option value, or a list. */
export type Edits = Record<string, string | readonly string[] | null>;

function initialState(element: Record<string, unknown>): ElementState | null {
  const option = (o: unknown) =>
    o && typeof o === 'object' && 'value' in o ? { value: String(o.value) } : null;
  switch (element.type) {
    case 'plain_text_input':
    case 'number_input':
      return { type: element.type, value: (element.initial_value as string | undefined) ?? null };
    case 'static_select':
    case 'radio_buttons':
      return { type: element.type, selected_option: option(element.initial_option) };
    case 'multi_static_select':
      return {
        type: element.type,
        selected_options: ((element.initial_options as unknown[]) ?? []).flatMap((o) => {
          const v = option(o);
          return v === null ? [] : [v];
        }),
      };
    case 'multi_users_select':
      return {
        type: element.type,
        selected_users: [...((element.initial_users as string[]) ?? [])],
      };
    default:
      return null;
  }
}

function edited(state: ElementState, value: string | readonly string[] | null): ElementState {
  switch (state.type) {
    case 'plain_text_input':
    case 'number_input':
      return { type: state.type, value: typeof value === 'string' ? value : null };
    case 'static_select':
    case 'radio_buttons':
      return { type: state.type, selected_option: typeof value === 'string' ? { value } : null };
    case 'multi_static_select':
      return {
        type: state.type,
        selected_options: (Array.isArray(value) ? value : []).map((v) => ({ value: v })),
      };
    case 'multi_users_select':
      return { type: state.type, selected_users: Array.isArray(value) ? [...value] : [] };
  }
}

export function stateValues(view: ModalView, edits: Edits = {}) {
  const values: Record<string, Record<string, ElementState>> = {};
  for (const block of view.blocks as KnownBlock[]) {
    if (block.type !== 'input' || block.block_id === undefined) continue;
    const element = block.element as unknown as Record<string, unknown>;
    const initial = initialState(element);
    if (initial === null) continue;
    const state =
      block.block_id in edits ? edited(initial, edits[block.block_id] ?? null) : initial;
    values[block.block_id] = { [String(element.action_id)]: state };
  }
  return values;
}

export interface SubmissionOptions {
  view: ModalView;
  viewId: string;
  userId: string;
  teamId?: string;
  edits?: Edits;
  /** Replaces the view's private_metadata (a forged or stale submission). */
  privateMetadata?: string;
}

/** The `view_submission` payload for the Settings modal. */
export function settingsSubmission(o: SubmissionOptions): Record<string, unknown> {
  const teamId = o.teamId ?? 'T0FAKE';
  return {
    type: 'view_submission',
    team: { id: teamId, domain: 'fake-workspace' },
    user: {
      id: o.userId,
      username: o.userId.toLowerCase(),
      name: o.userId.toLowerCase(),
      team_id: teamId,
    },
    api_app_id: 'A0SCALE',
    token: 'verification-token-unused',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    enterprise: null,
    is_enterprise_install: false,
    view: {
      id: o.viewId,
      team_id: teamId,
      type: 'modal',
      callback_id: CALLBACK_IDS.settings,
      blocks: o.view.blocks,
      private_metadata: o.privateMetadata ?? o.view.private_metadata ?? '',
      state: { values: stateValues(o.view, o.edits) },
      hash: '1764585400.abcdef',
    },
    response_urls: [],
  };
}

/** A settings field's block id. */
export const field = (name: string) => `scale.settings.${name}`;
