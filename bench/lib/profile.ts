import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads V8 `.cpuprofile` files (node --cpu-prof) and totals self time by function and by where the
 * code lives (our src/, blocks/, a package in node_modules, node internals), so a benchmark can
 * say where the CPU went.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  byArea: ProfileEntry[];
  byFunction: ProfileEntry[];
  /** Busy time split by what the stack was doing: the reply after the ack, GC, or the rest. */
  byWork: ProfileEntry[];
}

/** Code that only runs to answer a command after its ack (the bare app has none of it). */
const ANSWER_AREAS = new Set([
  'src/app',
  'src/store',
  'src/domain',
  'src/metrics',
  'src/command',
  'blocks',
  'node_modules/better-sqlite3',
  'node_modules/zod',
  'node_modules/undici',
  'node_modules/luxon',
  'node_modules/pino',
  'node_modules/@pinojs/redact',
  'node_modules/sonic-boom',
]);
const ANSWER_FUNCTIONS = new Set(['dispatchCommand', 'decideAndShow', 'createRespond']);

export const WORK_ANSWER =
  'the answer after the ack (store, review, blocks, logging, response_url post)';
export const WORK_GC = '(garbage collector)';
export const WORK_STARTUP = 'start-up (loading modules)';
export const WORK_REST =
  'HTTP, signature check, Bolt and ack (what the bare app does too), and the rest';

/** Where a script lives: `src/store`, `node_modules/@slack/bolt`, `node:internal`, `(idle)`... */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (
      functionName === '(idle)' ||
      functionName === '(program)' ||
      functionName === '(garbage collector)'
    )
      return functionName;
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    const scoped = rest[0]?.startsWith('@') === true;
    return `node_modules/${scoped ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const match = /\/(src\/[^/]+|blocks|jobs|test\/[^/]+|bench)\//.exec(url);
  return match?.[1] ?? url;
}

function top(map: Map<string, number>, total: number, limit: number): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total === 0 ? 0 : us / total }));
}

export function summarizeProfile(file: string, profile: CpuProfile, limit = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const workOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame === undefined) break;
      if (frame.functionName === '(garbage collector)') return WORK_GC;
      if (frame.url.startsWith('node:internal/modules/')) return WORK_STARTUP;
      // Node's built-in fetch: Bolt's respond() posts the answer to the response_url with it.
      if (frame.url.startsWith('node:internal/deps/undici')) return WORK_ANSWER;
      if (ANSWER_FUNCTIONS.has(frame.functionName)) return WORK_ANSWER;
      if (ANSWER_AREAS.has(areaOf(frame.url, frame.functionName))) return WORK_ANSWER;
    }
    return WORK_REST;
  };
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const work = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    if (area === '(idle)') continue;
    busy += us;
    const kind = workOf(id);
    work.set(kind, (work.get(kind) ?? 0) + us);
    const where =
      frame.url === ''
        ? ''
        : ` ${frame.url.replace(/^.*\/(node_modules|src|blocks)\//, '$1/')}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  areas.delete('(idle)');
  return {
    file,
    totalMs: busy / 1000,
    byArea: top(areas, busy, limit),
    byFunction: top(functions, busy, limit),
    byWork: top(work, busy, 4),
  };
}

/** Summaries of every profile in `dir` (newest last). */
export async function summarizeProfiles(dir: string, limit = 15): Promise<ProfileSummary[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const out: ProfileSummary[] = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    out.push(summarizeProfile(file, profile, limit));
  }
  return out;
}
