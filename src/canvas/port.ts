/**
 * What the capacity plan needs from Slack's canvases (docs/slack.md, "The capacity plan canvas"):
 * create the channel's canvas, find a section, and edit one section at a time (Slack takes one
 * operation per `canvases.edit` call). The adapter (src/canvas/slack-canvas.ts) validates every
 * answer it relies on and turns every failure into one of the three errors below.
 */

export type SectionType = 'h1' | 'h2' | 'h3' | 'any_header';

export interface SectionCriteria {
  /** Only sections of these types (headings); absent: any section, paragraphs included. */
  sectionTypes?: readonly SectionType[];
  containsText: string;
}

export type CanvasChange =
  | { operation: 'replace'; sectionId: string; markdown: string }
  | { operation: 'insert_after' | 'insert_before'; sectionId: string; markdown: string }
  | { operation: 'insert_at_start' | 'insert_at_end'; markdown: string }
  | { operation: 'delete'; sectionId: string };

export interface CanvasApi {
  /** conversations.canvases.create: the channel's canvas, with this title and content; its id. */
  createChannelCanvas(channelId: string, title: string, markdown: string): Promise<string>;
  /** canvases.sections.lookup: the ids of the sections that match, in the canvas's order. */
  findSections(canvasId: string, criteria: SectionCriteria): Promise<string[]>;
  /** canvases.edit with one change. */
  edit(canvasId: string, change: CanvasChange): Promise<void>;
}

/** A canvas call that failed, with Slack's error code (or `http_503`, `request_error`…). */
export abstract class CanvasError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Slack will not let Scale Review have or edit the canvas until someone changes something: the
 * workspace's plan or an admin setting, a channel canvas that is not ours, a missing scope.
 */
export class CanvasRefusedError extends CanvasError {
  override readonly name = 'CanvasRefusedError';
  constructor(
    code: string,
    /** For `missing_scope`: the scope Slack says the call needs. */
    readonly needed: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, `Slack refused the canvas: ${code}`, options);
  }
}

/** The canvas Scale Review created is not there any more (deleted by someone). */
export class CanvasGoneError extends CanvasError {
  override readonly name = 'CanvasGoneError';
  constructor(code: string, options?: { cause?: unknown }) {
    super(code, `The canvas is gone: ${code}`, options);
  }
}

/** Anything else (a 429, a 5xx, a timeout, an edit Slack could not apply): tried again later. */
export class CanvasUnavailableError extends CanvasError {
  override readonly name = 'CanvasUnavailableError';
  constructor(code: string, options?: { cause?: unknown }) {
    super(code, `Slack did not take the canvas call (${code}); it is tried again later`, options);
  }
}

/** Error codes that mean "not until someone changes something" (docs/slack.md lists them). */
export const CANVAS_REFUSALS = [
  'canvas_disabled_user_team',
  'team_tier_cannot_create_channel_canvases',
  'free_team_canvas_tab_already_exists',
  'channel_canvas_already_exists',
  'restricted_action',
  'not_allowed',
  'not_allowed_token_type',
  'access_denied',
  'missing_scope',
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'token_revoked',
  'account_inactive',
] as const;

/** Codes that say the canvas itself is gone. */
export const CANVAS_GONE = ['canvas_not_found', 'canvas_deleted', 'file_not_found'] as const;
