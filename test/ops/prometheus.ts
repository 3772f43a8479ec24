/** Reads samples out of a Prometheus text exposition (enough for the tests' assertions). */

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) labels[name] = value;
  }
  return labels;
}

/** The value of the sample `name` whose labels include `labels`; 0 when there is none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = labelsOf(match[2] ?? '');
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

/** Every series name in the exposition (from its `# TYPE` lines). */
export function seriesNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1] ?? '');
}
