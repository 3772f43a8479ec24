import type { AppDeps } from '../app/deps.js';
import type { Ops } from '../ops/ops.js';
import type { SlackApp } from '../slack/app.js';
import type { SlackDeps } from '../slack/slack-deps.js';
import { within } from '../slack/work-tracker.js';
import type { Store } from '../store/ports.js';
import type { PinoLogger } from './logger.js';

/** Past the drain deadline, how long closing the store may take before it is given up. */
export const STORE_CLOSE_MS = 3_000;

/** What a running bot stops, in order. */
export interface StopParts {
  logger: PinoLogger;
  drainMs: number;
  ops: Ops;
  slackDeps: SlackDeps;
  slack: SlackApp;
  jobs: { stop(): Promise<void> };
  store: Store;
  deps: AppDeps;
}

/**
 * SIGTERM's work (docs/reliability.md): readiness `stopping`, no new work, the receiver stopped,
 * in-flight answers and the digest tick drained until the deadline (then abandoned, said so), the
 * store and the metrics source closed, the ops server last.
 */
export async function stopBot(parts: StopParts): Promise<void> {
  const { logger, drainMs, ops, slackDeps, slack, jobs, store, deps } = parts;
  const { answers, tracker } = slackDeps;
  logger.info({ drainMs }, 'stopping: no new work, finishing in-flight answers');
  const deadline = Date.now() + drainMs;
  ops.markStopping();
  answers.close();
  const [, answered, jobsDone] = await Promise.all([
    slack
      .stop(drainMs)
      .catch((error: unknown) => logger.warn({ err: error }, 'receiver stop failed')),
    tracker.drain(drainMs),
    within(jobs.stop(), drainMs),
  ]);
  if (!answered) {
    const notStarted = answers.abandon();
    logger.warn(
      { notStarted, running: answers.active, drainMs },
      'drain deadline passed: abandoning answers not sent',
    );
  }
  if (!jobsDone)
    logger.warn({}, 'drain deadline passed: abandoning the digest tick (its leases expire)');
  const closeMs = Math.max(deadline - Date.now(), 0) + STORE_CLOSE_MS;
  if (!(await within(store.close(), closeMs))) logger.warn({ closeMs }, 'store close timed out');
  await deps.metrics?.close?.();
  // Installed workspaces' own metrics sources (their PostgreSQL pools); nothing in single mode.
  await slackDeps.tenants
    .close()
    .catch((error: unknown) => logger.warn({ err: error }, 'closing tenants failed'));
  slackDeps.closeSettings?.();
  await ops.stop();
  logger.info({}, 'stopped');
}
