import { hostname } from 'node:os';
import type { DigestCommand } from '../command/types.js';
import type { AppConfig } from '../config/app-config.js';
import { CONFIG_FILE_NAME, ConfigError } from '../config/config-file.js';
import { requireSlackEnv } from '../config/env.js';
import { type DigestConfig, digestConfigSchema } from '../digest/config.js';
import { createDigestDeps } from '../digest/create-digest-deps.js';
import type { DigestDeps } from '../digest/digest-deps.js';
import { defaultSleep } from '../digest/retry.js';
import { runDigestTick, type TickOptions, type TickSummary } from '../digest/run-digest.js';
import type { HeldLease } from '../digest/send-digest.js';
import type { Store } from '../store/ports.js';
import { slackClientLogger } from './cli-logger.js';
import { appDeps, configuredMetrics, loadRuntime, withStore } from './cli-runtime.js';
import { heldLine, holderOf } from './digest-leases.js';
import { CliInputError, EXIT_CODES, type ExitCode } from './exit.js';
import type { CliIo } from './io.js';

/** A stopped sender's lease is waited out when it ends within one lease of ours plus this. */
const WAIT_GRACE_MS = 5_000;

/**
 * `digest --now [--channel C]`: one digest tick, now, through the bot's exactly-once path
 * (runDigestTick: a lease per subscription and period in the shared store, the Slack ts recorded
 * at once, a rerun edits). Without --channel it sends what is due; with it, that channel's
 * latest period, due or not (a period already sent is skipped). Its dependencies are the bot's
 * (createDigestDeps: the same Slack client policy, retries and pace shared through the store), its
 * lease owner `cli:<host>:<pid>` and its Slack client's log lines on stderr.
 */
export async function runDigestNow(command: DigestCommand, io: CliIo): Promise<ExitCode> {
  const runtime = await loadRuntime(io);
  const slack = requireSlackEnv(runtime.env);
  const digest = digestConfigOf(runtime.config);
  const started = io.now();
  const { summary, failures, held } = await withStore(runtime, io, async (store) => {
    if (command.channel !== null) {
      await requireSubscription(store, command.channel);
    }
    const deps = createDigestDeps(
      appDeps(runtime, io, store, configuredMetrics(runtime, io)),
      digest,
      {
        botToken: slack.botToken,
        slackApiUrl: slack.apiUrl,
        clientLogger: slackClientLogger(runtime.logger),
        owner: `cli:${hostname()}:${process.pid}`,
      },
    );
    const options: TickOptions = {
      concurrency: digest.concurrency,
      ...(command.channel === null ? {} : { only: { channelId: command.channel } }),
    };
    const first = await runDigestTick(deps, options);
    const { tick, held } = await retryStoppedSenders(deps, first, io);
    return {
      summary: tick,
      held,
      failures: tick.failed > 0 ? await failedNow(store, started) : [],
    };
  });
  io.stdout(formatTickSummary(summary, command.channel, failures, held));
  return summary.failed > 0 ? EXIT_CODES.internal : EXIT_CODES.ok;
}

/**
 * A leased run whose sender stopped mid-send (a crash, a kill) is waited out: when its lease ends
 * within about one lease, `digest --now` says so, sleeps until then and sends the channel (a rerun
 * edits the message the stopped run may have posted). A live sender is left alone, and said so.
 * Returns the tick with the retried channels counted, and the lines for the runs still held.
 */
async function retryStoppedSenders(
  deps: DigestDeps,
  first: TickSummary,
  io: CliIo,
): Promise<{ tick: TickSummary; held: string[] }> {
  const now = io.now();
  const checks = { now, leaseMs: deps.leaseMs };
  const lines: string[] = [];
  const retry: HeldLease[] = [];
  for (const held of first.held) {
    const holder = holderOf(held, checks);
    const endsInMs = (held.leaseUntil?.getTime() ?? Number.POSITIVE_INFINITY) - now.getTime();
    const waits = holder.state === 'stopped' && endsInMs <= deps.leaseMs + WAIT_GRACE_MS;
    if (waits) {
      retry.push(held);
      io.stdout(`${heldLine(held, holder, true)}\n`);
    } else {
      lines.push(heldLine(held, holder, false));
    }
  }
  if (retry.length === 0) return { tick: first, held: lines };
  const until = Math.max(...retry.map((h) => h.leaseUntil?.getTime() ?? 0));
  await (io.sleep ?? defaultSleep)(Math.max(0, until - io.now().getTime()));
  let tick: TickSummary = {
    ...first,
    leased: first.leased - retry.length,
    held: first.held.filter((h) => !retry.includes(h)),
  };
  for (const held of retry) {
    const again = await runDigestTick(deps, {
      only: { teamId: held.teamId, channelId: held.channelId },
    });
    tick = addTick(tick, again);
    for (const still of again.held) {
      lines.push(heldLine(still, holderOf(still, { now: io.now(), leaseMs: deps.leaseMs }), false));
    }
  }
  tick.durationMs = io.now().getTime() - now.getTime() + first.durationMs;
  return { tick, held: lines };
}

/** The counts of a retry added to the tick it retries (its channels were already counted due). */
function addTick(tick: TickSummary, again: TickSummary): TickSummary {
  return {
    ...tick,
    sent: tick.sent + again.sent,
    edited: tick.edited + again.edited,
    skipped: tick.skipped + again.skipped,
    failed: tick.failed + again.failed,
    leased: tick.leased + again.leased,
    delayed: tick.delayed + again.delayed,
    held: [...tick.held, ...again.held],
  };
}

/**
 * The `digest:` section, validated by the digest module's schema.
 * @throws ConfigError naming the file and the dotted field.
 */
function digestConfigOf(config: AppConfig): DigestConfig {
  const parsed = digestConfigSchema.safeParse(config.digest ?? {});
  if (parsed.success) return parsed.data;
  const file = config.path ?? CONFIG_FILE_NAME;
  const [issue] = parsed.error.issues;
  const field = ['digest', ...(issue?.path ?? []).map(String)].join('.');
  throw new ConfigError(file, field, `${file}: ${field}: ${issue?.message ?? 'invalid value'}`, {
    cause: parsed.error,
  });
}

async function requireSubscription(store: Store, channelId: string): Promise<void> {
  const found = (await store.subscriptions.list()).filter((s) => s.channelId === channelId);
  if (found.some((s) => s.active)) return;
  const why = found.length > 0 ? 'is unsubscribed' : 'has no digest subscription';
  throw new CliInputError(
    `channel ${channelId} ${why}; subscribe it in Slack with /scale subscribe (see scale-review subscriptions)`,
    { showUsage: false },
  );
}

/** "C0ARCH (team T0FAKE): is_archived" for each subscription this run marked failed for good. */
async function failedNow(store: Store, since: Date): Promise<string[]> {
  const subscriptions = await store.subscriptions.list();
  return subscriptions.flatMap((s) => {
    const last = s.lastResult;
    if (last?.status !== 'failed' || last.at.getTime() < since.getTime()) return [];
    return [`${s.channelId} (team ${s.teamId}): ${last.detail ?? 'failed'}`];
  });
}

/** "Digest: 1 due, 1 sent, 0 edited, 0 skipped, 0 failed, 0 leased (0.4 s)" plus what to do next. */
function formatTickSummary(
  summary: TickSummary,
  channel: string | null,
  failures: readonly string[] = [],
  held: readonly string[] = [],
): string {
  const { due, sent, edited, skipped, failed, leased } = summary;
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const lines = [
    `Digest: ${due} due, ${sent} sent, ${edited} edited, ${skipped} skipped, ${failed} failed, ${leased} leased (${seconds} s)`,
  ];
  if (due === 0 && channel === null) {
    lines.push('Nothing is due now; --channel C sends one channel its digest now.');
  }
  if (skipped > 0) {
    lines.push('Skipped: the digest of this period was already sent.');
  }
  lines.push(...held);
  for (const failure of failures) {
    lines.push(`Failed for good: ${failure} (the subscriber is told once by DM)`);
  }
  if (failed > failures.length) {
    lines.push('Failed for now: see the errors above; the bot retries on its next tick.');
  }
  return `${lines.join('\n')}\n`;
}
