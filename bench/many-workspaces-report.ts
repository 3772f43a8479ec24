import { line, n0, n1, row, x2 } from './lib/format.js';
import type { WorkspacesResult, WorkspacesSize } from './many-workspaces.js';

/** The many-workspaces benchmark's part of the console report and of the targets table. */

export const WORKSPACES_TARGETS = {
  /** Fan-out / the slowest workspace alone, at most ("close to the slowest workspace's own bound"). */
  vsSlowest: 2,
  /** Fan-out / the sum of the workspaces alone, at most ("not the sum"). */
  vsSum: 0.5,
  /** Store calls per workspace, largest N / smallest N, at most (flat). */
  perWorkspaceGrowth: 1.1,
  /**
   * Heap a replica keeps per workspace added (after a full GC, smallest N to largest), in KB, at
   * most: 1,000 workspaces within 10 MB of a replica's heap.
   */
  heapPerWorkspaceKb: 10,
} as const;

interface TargetRow {
  figure: string;
  target: string;
  measured: string;
  ok: boolean;
}

function ends(r: WorkspacesResult): [WorkspacesSize, WorkspacesSize] | null {
  const first = r.sizes[0];
  const last = r.sizes[r.sizes.length - 1];
  return first === undefined || last === undefined ? null : [first, last];
}

const growth = (r: WorkspacesResult, of: (s: WorkspacesSize) => number) => {
  const pair = ends(r);
  return pair === null ? Number.NaN : of(pair[1]) / of(pair[0]);
};

/** KB of heap one replica keeps per workspace added, from the smallest N to the largest. */
export function heapPerAddedWorkspaceKb(r: WorkspacesResult): number {
  const pair = ends(r);
  if (pair === null) return Number.NaN;
  const kept = (s: WorkspacesSize) => s.perWorkspace.heapKeptKb * s.workspaces;
  return (kept(pair[1]) - kept(pair[0])) / (pair[1].workspaces - pair[0].workspaces) / r.replicas;
}

/** Fan-out seconds per workspace, largest N / smallest N (1: linear). */
export function fanoutGrowth(r: WorkspacesResult): number {
  return growth(r, (s) => s.fanout.seconds / s.workspaces);
}

export function workspacesTargetRows(r: WorkspacesResult): TargetRow[] {
  const pair = ends(r);
  if (pair === null) return [];
  const [small, large] = pair;
  const span = `${small.workspaces} to ${large.workspaces}`;
  const clean = r.sizes.every((s) => s.tally.missing + s.tally.duplicates + s.tally.stray === 0);
  const opsGrowth = growth(r, (s) => s.perWorkspace.ops);
  const heapKb = heapPerAddedWorkspaceKb(r);
  const t = WORKSPACES_TARGETS;
  return [
    {
      figure: `digests missing/duplicated, ${r.replicas} replicas, each N`,
      target: '0 and 0',
      measured: r.sizes.map((s) => `${s.tally.missing}/${s.tally.duplicates}`).join(', '),
      ok: clean,
    },
    {
      figure: `${large.workspaces} workspaces: fan-out / slowest alone`,
      target: `<= ${t.vsSlowest}x`,
      measured: `${n1(large.fanout.seconds)} / ${large.alone.slowestSeconds.toFixed(2)} s = ${n0(large.fanout.vsSlowest)}x`,
      ok: large.fanout.vsSlowest <= t.vsSlowest,
    },
    {
      figure: `${large.workspaces} workspaces: fan-out / sum of alone`,
      target: `<= ${t.vsSum}x`,
      measured: x2(large.fanout.vsSum),
      ok: large.fanout.vsSum <= t.vsSum,
    },
    {
      figure: `store calls per workspace, ${span}`,
      target: `<= ${t.perWorkspaceGrowth}x`,
      measured: `${n1(small.perWorkspace.ops)} -> ${n1(large.perWorkspace.ops)} (${x2(opsGrowth)})`,
      ok: opsGrowth <= t.perWorkspaceGrowth,
    },
    {
      figure: `heap a replica keeps per workspace added, ${span}`,
      target: `<= ${t.heapPerWorkspaceKb} KB`,
      measured: `${n1(heapKb)} KB`,
      ok: heapKb <= t.heapPerWorkspaceKb,
    },
  ];
}

/** The store calls of the largest size, per workspace, the `top` most frequent. */
function topCalls(size: WorkspacesSize, top: number): string {
  return Object.entries(size.opsByMethod)
    .slice(0, top)
    .map(([name, n]) => `${name} ${(n / size.workspaces).toFixed(1)}`)
    .join(', ');
}

export function printManyWorkspaces(r: WorkspacesResult): void {
  line();
  line(
    `6. Many workspaces: ${r.channelsPerWorkspace} channels each, ${r.replicas} replicas (processes) ticking at once, ${r.store}; fake Slack ${r.limits.perChannel} post/s per channel and ${r.limits.workspace}/s, per workspace`,
  );
  const w = [6, 9, 8, 8, 8, 7, 10, 8, 8, 7, 9, 9, 9, 5];
  line(
    `   ${row(['N', 'fan-out', 'alone', '/alone', 'sum', '/sum', 'once', 'miss/dup', 'calls/ws', 'cmd/ws', 'cmd ms', 'heap KB', 'peak KB', 'load'], w)}`,
  );
  for (const s of r.sizes) {
    const p = s.perWorkspace;
    line(
      `   ${row(
        [
          String(s.workspaces),
          `${n1(s.fanout.seconds)} s`,
          `${s.alone.slowestSeconds.toFixed(2)} s`,
          `${n0(s.fanout.vsSlowest)}x`,
          `${n1(s.fanout.sumSeconds)} s`,
          x2(s.fanout.vsSum),
          `${s.tally.exactlyOnce}/${s.channels}`,
          `${s.tally.missing}/${s.tally.duplicates}`,
          n1(p.ops),
          n1(p.commands),
          n1(p.commandMs),
          n0(p.heapKeptKb),
          n0(p.rssPeakKb),
          n1(s.load.before),
        ],
        w,
      )}`,
    );
  }
  line(
    '   alone: the slowest of 3 workspaces ticked alone (all replicas); sum: N x their median; once: channels with exactly one digest (the 3 alone included); heap KB: kept after the tick, peak KB: RSS peak over the start, all replicas, per workspace',
  );
  const last = r.sizes[r.sizes.length - 1];
  if (last === undefined) return;
  const f = last.fanout;
  line(
    `   ${last.workspaces}: each workspace's posts ${f.workspaceSpan.p50.toFixed(2)} s apart (p50, max ${f.workspaceSpan.max.toFixed(2)} s); its last post at ${n1(f.workspaceDone.p50)} s (p50), ${n1(f.workspaceDone.max)} s (max); ${f.posted} posted, ${f.refused} refused, ${last.unknownTokenCalls} calls with an unknown token; outcomes ${last.outcomes.sent} sent, ${last.outcomes.leased} leased, ${last.outcomes.skipped} skipped, ${last.outcomes.failed} failed`,
  );
  line(`   store calls per workspace at ${last.workspaces}: ${topCalls(last, 10)}`);
  line(
    `   fan-out per workspace: ${r.sizes.map((s) => `${n0((1000 * s.fanout.seconds) / s.workspaces)} ms at ${s.workspaces}`).join(', ')} (${x2(fanoutGrowth(r))} from the smallest to the largest N)`,
  );
  const rows = workspacesTargetRows(r);
  for (const x of rows.slice(1)) {
    line(`   target ${x.figure}: ${x.measured} (${x.target}: ${x.ok ? 'met' : 'MISSED'})`);
  }
}
