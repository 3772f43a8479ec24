import type { AckComparison } from './ack-path.js';
import { line, n0, n1, pct, row, usd, verdict, x2 } from './lib/format.js';
import { printManyWorkspaces } from './many-workspaces-report.js';
import type { BenchResults } from './run.js';
import { TARGETS } from './targets.js';

/** The console report of `npm run bench`: every figure beside its target, then the targets alone. */

const LOGGING_AREAS = new Set([
  'node_modules/pino',
  'node_modules/@pinojs/redact',
  'node_modules/sonic-boom',
]);

function comparison(c: AckComparison): void {
  const w = [22, 9, 9, 9];
  line(`   ${row(['', 'req/s', 'p50 ms', 'p99 ms'], w)}`);
  line(
    `   ${row(['bare Bolt (ack only)', n0(c.bare.rps), n1(c.bare.p50Ms), n1(c.bare.p99Ms)], w)}`,
  );
  line(`   ${row(['Scale Review bot', n0(c.bot.rps), n1(c.bot.p50Ms), n1(c.bot.p99Ms)], w)}`);
  line(`   ${row(['bot / bare', x2(c.throughputRatio), x2(c.p50Ratio), x2(c.p99Ratio)], w)}`);
  line(
    `   bot answers: ${n0(c.bot.answeredPerSecond)}/s during the round (${pct(c.bot.answeredInAckShare)} in the ack itself), ${n0(c.bot.backlogAtEnd)} unanswered at its end, all out ${n0(c.bot.drainMs)} ms later, ${n0(c.bot.missingAnswers)} missing`,
  );
}

export function printReport(r: BenchResults): void {
  line();
  line(`Scale Review benchmarks${r.quick ? ' (QUICK: smoke run, not figures to publish)' : ''}`);
  line(
    `machine: ${r.machine.nproc} CPUs (${r.machine.cpuModel}), ${r.machine.memory}, node ${r.machine.node}; median of ${r.rounds} rounds; ${n0(r.seconds)} s in all`,
  );
  if (r.ack) {
    const a = r.ack;
    line();
    line(
      `1. Ack path: signed /scale status, ${a.connections} connections, ${a.durationSeconds} s rounds after ${a.warmupSeconds} s warm-up (${a.placement})`,
    );
    line('   as fast as each server answers:');
    comparison(a.saturated);
    line(
      `   target: throughput >= ${TARGETS.saturatedThroughput}x bare: ${x2(a.saturated.throughputRatio)} ${verdict(a.saturated.throughputRatio >= TARGETS.saturatedThroughput)}`,
    );
    line(`   both offered the same ${a.fixedRate.offeredRate}/s :`);
    comparison(a.fixedRate);
    line(
      `   target: p99 <= ${TARGETS.fixedRateP99}x bare: ${x2(a.fixedRate.p99Ratio)} ${verdict(a.fixedRate.p99Ratio <= TARGETS.fixedRateP99)}`,
    );
    const e = a.acrossExpiry;
    if (e !== undefined) {
      line(
        `   ${e.offeredRate}/s across metrics-cache expiries (cache TTL ${e.cacheTtlSeconds} s, each round spans several):`,
      );
      line(
        `     bare Bolt p99 ${n1(e.bare.p99Ms)} ms; bot p99 ${n1(e.staleWhileRevalidate.p99Ms)} ms (${x2(e.p99Ratio)}), p50 ${n1(e.staleWhileRevalidate.p50Ms)} ms`,
      );
      line(
        `     the same bot without stale serving (maxStaleSeconds 0): p99 ${n1(e.waitForRefresh.p99Ms)} ms (${x2(e.p99RatioWithoutStale)})`,
      );
      line(
        `     answers: ${n0(e.staleWhileRevalidate.answeredPerSecond ?? Number.NaN)}/s (${pct(e.staleWhileRevalidate.answeredInAckShare ?? Number.NaN)} in the ack), ${n0(e.staleWhileRevalidate.missingAnswers ?? Number.NaN)} missing; target p99 <= ${TARGETS.fixedRateP99}x bare: ${x2(e.p99Ratio)} ${verdict(e.p99Ratio <= TARGETS.fixedRateP99)}`,
      );
    }
    for (const w of a.cacheWaits ?? []) {
      line(
        `   a fetch's wait for metrics across expiries (${w.mode}): p50 ${n1(w.p50Ms)} ms, p99 ${n1(w.p99Ms)} ms, max ${n0(w.maxMs)} ms over ${w.fetches} fetches (${w.getMetricDataCalls} GetMetricData)`,
      );
    }
  }
  if (r.burst) {
    const b = r.burst;
    line();
    line(
      `1c. Burst: ${b.count} signed /scale status at one instant over ${b.sources} client addresses x ${b.socketsPerSource} connections; ${b.busyMachine} (${b.placement})`,
    );
    const w = [22, 9, 9, 9, 10];
    line(`   ${row(['', 'p50 ms', 'p99 ms', 'max ms', 'over 3 s'], w)}`);
    for (const [name, x] of [
      ['bare Bolt (ack only)', b.bare],
      ['Scale Review bot', b.bot],
    ] as const) {
      line(`   ${row([name, n0(x.p50Ms), n0(x.p99Ms), n0(x.maxMs), pct(x.over3sShare)], w)}`);
    }
    line(
      `   bot: ${n0(b.bot.busy)} acks said busy; ${n0(b.bot.answered ?? Number.NaN)} answers, the last ${n1(b.bot.answersDoneSeconds ?? Number.NaN)} s after the burst; target: every ack under 3 s ${verdict(b.rounds.bot.every((x) => x.over3sShare === 0))}`,
    );
  }
  if (r.answer) {
    const m = r.answer.median;
    line();
    line(
      `2. Full answer: signed /scale status -> response_url post with the full Scaling Indicators (moto, FerretDB), ${r.answer.samplesPerRound} of each per round`,
    );
    line(
      `   cold cache: p50 ${n0(m.cold.p50Ms)} ms, p95 ${n0(m.cold.p95Ms)} ms, ${m.cold.callsPerAnswer} GetMetricData call per answer`,
    );
    line(
      `   warm cache: p50 ${n1(m.warm.p50Ms)} ms, p95 ${n1(m.warm.p95Ms)} ms, ${m.warm.callsPerAnswer} GetMetricData calls per answer, ${pct(m.warm.inAckShare)} answered in the ack itself (target 100%: ${verdict(m.warm.inAckShare === 1)})`,
    );
    line(
      `   ack (HTTP 200) p50 ${n1(m.ackP50Ms)} ms; ${r.answer.getMetricDataCalls} GetMetricData calls for ${r.answer.answers} answers in all`,
    );
    line('   per round (each answer of a round is a status of the same team):');
    for (const x of r.answer.rounds) {
      line(
        `     ${String(x.reviewsAtStart).padStart(4)} reviews stored: cold p50 ${n0(x.cold.p50Ms)} ms, warm p50 ${n1(x.warm.p50Ms)} ms`,
      );
    }
  }
  if (r.history) {
    const h = r.history;
    line();
    line(
      `2b. History scaling: warm /scale status with 2 and 1,000 prior statuses of the team, ${h.samples} answers per case per round`,
    );
    for (const c of h.cases) {
      line(
        `   ${c.store.padEnd(8)} ${String(c.priors).padStart(4)} priors (${c.spread}): p50 ${n1(c.p50Ms)} ms, p95 ${n1(c.p95Ms)} ms`,
      );
    }
    for (const x of h.ratios) {
      line(
        `   ${x.store}, ${x.spread}: 1,000 / 2 priors = ${x.ratio.toFixed(2)}x (target <= ${TARGETS.historyFlat}x: ${verdict(x.ratio <= TARGETS.historyFlat)})`,
      );
    }
  }
  if (r.digest) {
    const d = r.digest;
    line();
    line(
      `3. Digest fan-out: ${d.channels} channels, fake Slack at 1 post/s per channel and 20/s per workspace (429 + Retry-After), ${d.store} store`,
    );
    line(`   config: ${d.digestYaml.trim().replace(/\n\s*/g, ' ')}`);
    line(
      `   completion ${n1(d.median.seconds)} s / lower bound ${n1(d.lowerBoundSeconds)} s = ${x2(d.median.ratio)} (target <= 1.05: ${verdict(d.median.ratio <= 1.05)}); posts refused with 429 ${n0(d.median.rateLimited)}, at most ${n0(Math.max(...d.rounds.map((x) => x.rateLimited)))} in a round (target <= 5: ${verdict(d.rounds.every((x) => x.rateLimited <= 5))}); duplicates ${n0(d.median.duplicates)}, missing ${n0(d.median.missing)} (target 0 and 0: ${verdict(d.rounds.every((x) => x.duplicates === 0 && x.missing === 0))})`,
    );
    line(
      `   per round: ${d.rounds.map((x) => `${n1(x.seconds)} s (${x2(x.ratio)}, ${x.rateLimited} refused, first post at ${n1(x.firstPostSeconds)} s)`).join('; ')}`,
    );
  }
  if (r.cloudwatch) {
    line();
    line('4. CloudWatch efficiency per review, and a year of weekly reviews (52)');
    const w = [44, 6, 8, 11, 10, 9];
    line(`   ${row(['', 'calls', 'metrics', '$/review', '$/year', 'moto ms'], w)}`);
    for (const a of r.cloudwatch.approaches) {
      line(
        `   ${row([a.name, n0(a.calls), n0(a.metrics), usd(a.usdPerReview), usd(a.usdPerYear), n0(a.fetchMs)], w)}`,
      );
    }
    for (const note of r.cloudwatch.assumptions) line(`   - ${note}`);
  }
  if (r.memory) {
    line();
    line(
      `5. Memory: the built bot as its own process, RSS after a full GC once every reply is out; ${r.memory.runs.length} runs, each with a fresh bot`,
    );
    for (const [i, m] of r.memory.runs.entries()) {
      line(`   run ${i + 1}:`);
      for (const p of m.points) {
        line(
          `     ${p.label.padEnd(34)} RSS ${n1(p.rssMb).padStart(6)} MB (${n1(p.rssMinMb)}-${n1(p.rssMaxMb)})   heap used ${n1(p.heapUsedMb).padStart(5)} MB`,
        );
      }
      const per10k = r.memory.growthPer10kMb[i] ?? Number.NaN;
      line(
        `     growth once warm: RSS ${n1(m.growthMb)} MB = ${n1(per10k)} MB per 10k commands (target < ${TARGETS.memoryPer10kMb} MB: ${verdict(per10k < TARGETS.memoryPer10kMb)}), heap used ${n1(m.heapGrowthMb)} MB; ${m.answers} of ${m.answersExpected} answers received`,
      );
    }
  }
  if (r.workspaces) printManyWorkspaces(r.workspaces);
  if (r.profile) {
    line();
    line('CPU profile of the bot during the ack-path rounds (self time by area):');
    for (const p of r.profile) {
      line(`   ${p.file}: ${n0(p.totalMs)} ms busy`);
      for (const e of p.byWork) line(`     ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.name}`);
      line('     by area:');
      for (const e of p.byArea.slice(0, 12))
        line(`     ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.name}`);
      const logging = p.byArea
        .filter((e) => LOGGING_AREAS.has(e.name))
        .reduce((sum, e) => sum + e.share, 0);
      line(`     logging (pino, its redaction, sonic-boom): ${pct(logging)} of the busy CPU`);
    }
  }
}
