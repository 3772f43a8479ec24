import type { AppDeps } from '../app/deps.js';
import type { CanvasApi } from '../canvas/port.js';
import type { Every } from './heartbeat.js';
import type { DigestPoster } from './poster.js';

/** What the digest's send and its follow-ups (the failure DM, the plan canvas) share. */

/** What the digest needs: the use cases' deps plus its poster and its leases. */
export interface DigestDeps extends AppDeps {
  poster: DigestPoster;
  /**
   * The chart and the indicators table as native blocks (`digest.chart`); false: the mrkdwn lines
   * only. Slack refusing them falls back to the lines either way (slack-poster.ts).
   */
  nativeBlocks: boolean;
  /** This replica's id, the owner of the leases it takes. */
  owner: string;
  /** A claimed run is leased this long, and renewed every third of it while its send is alive. */
  leaseMs: number;
  /** Each channel's capacity plan canvas (src/canvas/); absent or null: none kept. */
  canvas?: CanvasApi | null;
  /** Schedules the lease heartbeat (default: setInterval); tests beat by hand. */
  every?: Every;
}
