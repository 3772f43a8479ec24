import type { AppDeps } from '../app/deps.js';
import type { CanvasApi } from '../canvas/port.js';
import type { Projection } from '../domain/projection-types.js';
import type { Review } from '../domain/review-types.js';
import type { MetricsResult } from '../metrics/port.js';
import type { Every } from './heartbeat.js';
import type { DigestPoster } from './poster.js';

/** What the digest's send, its follow-ups (chart, failure DM) and its chart renderer share. */

/** What the week's chart is drawn from. */
export interface ChartInput {
  review: Review;
  metrics: MetricsResult;
  /** The channel's timezone, for the time axes. */
  timezone: string;
  projection: Projection | null;
}

/** What the digest needs: the use cases' deps plus its poster, its chart renderer and its leases. */
export interface DigestDeps extends AppDeps {
  poster: DigestPoster;
  /** Renders the week's chart; null disables charts. A failure is logged, never fatal. */
  renderChart: ((input: ChartInput) => Promise<Buffer>) | null;
  /** This replica's id, the owner of the leases it takes. */
  owner: string;
  /** A claimed run is leased this long, and renewed every third of it while its send is alive. */
  leaseMs: number;
  /** Each channel's capacity plan canvas (src/canvas/); absent or null: none kept. */
  canvas?: CanvasApi | null;
  /** Schedules the lease heartbeat (default: setInterval); tests beat by hand. */
  every?: Every;
}
