import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';

/** A Monday: the seed's next review falls on Mon 7 Dec 2026. */
export const NOW = new Date('2026-11-30T09:00:00Z');
export const SEED_WEEK = fileURLToPath(new URL('../../examples/seed-week.json', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CapturedIo {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

export function captureIo(overrides: Partial<CliIo> & { stdin?: string } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const { stdin, ...rest } = overrides;
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    now: () => NOW,
    cwd: tmpdir(),
    readStdin: () => Promise.resolve(stdin ?? ''),
    ...rest,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A fresh directory with the given files; remove it with `cleanup`. */
export function tempDir(files: Record<string, string> = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'scale-review-cli-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The seed's "Scaling Indicators" panel lines, in order. */
export const SEED_PANEL_LINES = [
  'Server CPU: 72% (consider scaling at >75%)',
  'Memory: 68% (consider scaling at >80%)',
  'Database Connections: 78/100 (OK)',
  'Response Time P95: 450ms (target <500ms)',
  'Error Rate: 0.1% (target <1%)',
];

/** The seed's growth-planning table: arguments, projected volume and action. */
export const SEED_GROWTH_ROWS = [
  { args: ['500', '20%', '3'], line: 'In 3 months: 864/mo — Current OK' },
  { args: ['2k', '30%', '3'], line: 'In 3 months: 4,394/mo — Upgrade DB soon' },
  { args: ['5k', '25%', '3'], line: 'In 3 months: 9,766/mo — Add load balancer' },
  { args: ['10k', '15%', '3'], line: 'In 3 months: 15,209/mo — Scale horizontally' },
] as const;
