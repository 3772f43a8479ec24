/**
 * Each subscribed channel's "Capacity plan" canvas (docs/slack.md, "The capacity plan canvas"):
 * the canvas Scale Review created there, what it last wrote into each of its sections, and
 * whether Slack refused the canvas (and the subscriber was told). One record per channel, read and
 * written by (team, channel) only: FerretDB 1.x pushes down only `_id` equality.
 */

/** Slack refused the channel's canvas for good (canvases off, a canvas that is not ours...). */
export interface CanvasRefusal {
  /** Slack's error code (`canvas_disabled_user_team`, `channel_canvas_already_exists`...). */
  code: string;
  at: Date;
  /** true once the subscriber was told (once per code). */
  told: boolean;
}

export interface CanvasRecord {
  teamId: string;
  channelId: string;
  /** The channel canvas Scale Review created; null before, or once Slack said it is gone. */
  canvasId: string | null;
  /**
   * Per section of the plan (its key), a hash of the Markdown last written there: a section whose
   * content has not changed is not written again, and one a failure left behind is.
   */
  sections: Record<string, string>;
  /** The latest refusal; null while Slack takes the canvas. */
  refusal: CanvasRefusal | null;
  updatedAt: Date;
}

/** A record holds at most this many sections (the plan has five). */
export const MAX_CANVAS_SECTIONS = 20;

export interface CanvasStore {
  /** null when the channel has none, or it is malformed (logged once). */
  get(teamId: string, channelId: string): Promise<CanvasRecord | null>;
  /** Insert, or replace the channel's record (by team and channel). */
  put(record: CanvasRecord): Promise<void>;
}
