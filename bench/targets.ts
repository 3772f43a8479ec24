import { line, n0, n1, pct, row, verdict, x2 } from './lib/format.js';
import { workspacesTargetRows } from './many-workspaces-report.js';
import type { BenchResults } from './run.js';

/** The targets of issue 13 (and of issue 7 where it set one), as the report checks them. */
export const TARGETS = {
  /** Saturated throughput, bot / bare Bolt, at least. */
  saturatedThroughput: 0.5,
  /** p99 at 100 commands/s, bot / bare Bolt, at most (also across a metrics-cache expiry). */
  fixedRateP99: 2,
  /** Warm answer with 1,000 stored statuses / with 2, at most. */
  historyFlat: 1.1,
  /** Digest completion / the workspace-rate lower bound, at most. */
  digestRatio: 1.05,
  /** Digest posts refused with 429 per run, at most. */
  digestRefused: 5,
  /** RSS growth per 10,000 commands, below, in every run. */
  memoryPer10kMb: 10,
} as const;

/** Issue 23's: bench/many-workspaces-report.ts (WORKSPACES_TARGETS). */
export { WORKSPACES_TARGETS } from './many-workspaces-report.js';

interface TargetRow {
  figure: string;
  target: string;
  measured: string;
  ok: boolean;
}

/** One row per target of issue 13 that this run measured. */
function targetRows(r: BenchResults): TargetRow[] {
  const rows: TargetRow[] = [];
  const a = r.ack;
  if (a) {
    rows.push({
      figure: 'saturated throughput, bot / bare',
      target: `>= ${TARGETS.saturatedThroughput}x`,
      measured: x2(a.saturated.throughputRatio),
      ok: a.saturated.throughputRatio >= TARGETS.saturatedThroughput,
    });
    rows.push({
      figure: `p99 at ${a.fixedRate.offeredRate}/s, bot / bare`,
      target: `<= ${TARGETS.fixedRateP99}x`,
      measured: x2(a.fixedRate.p99Ratio),
      ok: a.fixedRate.p99Ratio <= TARGETS.fixedRateP99,
    });
    if (a.acrossExpiry) {
      rows.push({
        figure: `p99 at ${a.acrossExpiry.offeredRate}/s across cache expiries, bot / bare`,
        target: `<= ${TARGETS.fixedRateP99}x`,
        measured: x2(a.acrossExpiry.p99Ratio),
        ok: a.acrossExpiry.p99Ratio <= TARGETS.fixedRateP99,
      });
    }
  }
  if (r.answer) {
    const share = r.answer.median.warm.inAckShare;
    rows.push({
      figure: 'warm status answered in the ack itself',
      target: '100%',
      measured: pct(share),
      ok: share === 1,
    });
  }
  if (r.history && r.history.ratios.length > 0) {
    const worst = Math.max(...r.history.ratios.map((x) => x.ratio));
    rows.push({
      figure: 'warm answer, 1,000 / 2 stored statuses (worst case)',
      target: `<= ${TARGETS.historyFlat}x`,
      measured: x2(worst),
      ok: worst <= TARGETS.historyFlat,
    });
  }
  if (r.digest) {
    const d = r.digest;
    const refused = Math.max(...d.rounds.map((x) => x.rateLimited));
    rows.push({
      figure: `digest to ${d.channels} channels / lower bound`,
      target: `<= ${TARGETS.digestRatio}x`,
      measured: `${d.median.ratio.toFixed(3)}x`,
      ok: d.median.ratio <= TARGETS.digestRatio,
    });
    rows.push({
      figure: 'digest posts refused (429), worst round',
      target: `<= ${TARGETS.digestRefused}`,
      measured: n0(refused),
      ok: refused <= TARGETS.digestRefused,
    });
  }
  if (r.memory) {
    const growth = r.memory.growthPer10kMb;
    rows.push({
      figure: `RSS growth per 10k commands, each of ${growth.length} runs`,
      target: `< ${TARGETS.memoryPer10kMb} MB`,
      measured: growth.map((g) => `${n1(g)} MB`).join(', '),
      ok: growth.every((g) => g < TARGETS.memoryPer10kMb),
    });
  }
  if (r.workspaces) rows.push(...workspacesTargetRows(r.workspaces));
  return rows;
}

export function printTargets(r: BenchResults): void {
  const rows = targetRows(r);
  if (rows.length === 0) return;
  line();
  line('Targets (issue 13; 6: issue 23), from this run:');
  const w = [54, 10, 26, 6];
  line(`   ${row(['figure', 'target', 'measured', ''], w)}`);
  for (const x of rows) line(`   ${row([x.figure, x.target, x.measured, verdict(x.ok)], w)}`);
}
