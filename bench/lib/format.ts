/** Number formats and table rows of the bench report. */

export const n0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a');
export const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
export const x2 = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
export const usd = (v: number) => `$${v.toFixed(5)}`;
export const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');

export function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

export function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function row(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
    .join('  ');
}
