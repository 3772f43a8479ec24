import { computeStatus } from '../app/compute-status.js';
import { sourceFailureReasons } from '../app/review-message.js';
import { reviewWithoutHistory } from '../app/review-without-history.js';
import type { StatusCommand } from '../command/types.js';
import type { Review } from '../domain/review-types.js';
import type { MetricsResult } from '../metrics/port.js';
import { fetchedSource, reviewTimeOf } from './backfill.js';
import { requireMetricsSource } from './cli-metrics.js';
import { appDeps, CLI_TEAM_ID, type CliRuntime, loadRuntime, withStore } from './cli-runtime.js';
import { EXIT_CODES, type ExitCode } from './exit.js';
import { formatStatus } from './format-status.js';
import type { CliIo } from './io.js';
import { statusJson } from './json-shapes.js';

interface Saved {
  reviewId: string;
  teamId: string;
  /** The store, as it describes itself (never a password). */
  where: string;
}

/**
 * `status [--metrics FILE|-] [--save [--team T]] [--json]`: review the metrics (from the file, or
 * the configured source) against the plan and print the panel. Without --save nothing is stored
 * and no history is read; with it, the review goes through the same path as Slack's `/scale
 * status`: it updates the team's observation of this review period (deltas, hysteresis and
 * forecasts from the earlier periods, snoozes applied) and is stored. Repeats in a period with the
 * same metrics print the same review and write nothing.
 */
export async function runStatus(command: StatusCommand, io: CliIo): Promise<ExitCode> {
  const runtime = await loadRuntime(io);
  if (command.save) {
    return saveAndPrint(command, runtime, io);
  }
  const source = requireMetricsSource(command.metrics, runtime, io);
  const reviewed = await reviewWithoutHistory({
    plan: runtime.config.plan,
    infrastructure: runtime.config.infrastructure,
    metrics: source,
    metricsProblem: null,
    clock: io.now,
  });
  print(command, io, reviewed.review, reviewed.metrics, null);
  return EXIT_CODES.ok;
}

/**
 * `/scale status`'s use case (computeStatus) over the CLI's store and metrics source. The store is
 * opened first: a locked store fails before any metrics are fetched (and paid for).
 */
async function saveAndPrint(
  command: StatusCommand,
  runtime: CliRuntime,
  io: CliIo,
): Promise<ExitCode> {
  const teamId = command.team ?? CLI_TEAM_ID;
  await withStore(runtime, io, async (store) => {
    const source = requireMetricsSource(command.metrics, runtime, io);
    // Fetched once: a snapshot that says when it was captured is filed under its own period.
    const fetched = await source.fetch({ now: io.now() });
    const at = reviewTimeOf(fetched, io.now(), runtime.config.plan);
    const deps = {
      ...appDeps(runtime, io, store, { metrics: fetchedSource(source, fetched), problem: null }),
      clock: () => at,
    };
    const status = await computeStatus(deps, {
      teamId,
      channelId: null,
      requestedBy: 'cli',
    });
    print(command, io, status.view.review, status.metrics, {
      reviewId: status.view.reviewId,
      teamId,
      where: store.describe(),
    });
  });
  return EXIT_CODES.ok;
}

function print(
  command: StatusCommand,
  io: CliIo,
  result: Review,
  metrics: MetricsResult,
  saved: Saved | null,
): void {
  if (command.json) {
    const json = statusJson(result, metrics.source, saved?.reviewId ?? null);
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  // The terminal may name paths and hosts (`detail`); a failed source is said on its own line.
  const failed = sourceFailureReasons(metrics).map((reason) => `Degraded: ${reason}`);
  const text = formatStatus(
    result,
    io.now(),
    [`Metrics: ${metrics.source.detail ?? metrics.source.description}`, ...failed].join('\n'),
    metrics.notes,
  );
  const savedLine =
    saved === null
      ? ''
      : `\nSaved as review ${saved.reviewId} (team ${saved.teamId}, ${saved.where})\n`;
  io.stdout(`${text}${savedLine}`);
}
