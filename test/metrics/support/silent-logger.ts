import type { MetricsLogger } from '../../../src/metrics/logger.js';

export interface LogEntry {
  level: 'debug' | 'warn';
  meta: Record<string, unknown>;
  message: string;
}

/** A logger that prints nothing and remembers what it was told. */
export function silentLogger(): MetricsLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    debug: (meta, message) => entries.push({ level: 'debug', meta, message }),
    warn: (meta, message) => entries.push({ level: 'warn', meta, message }),
  };
}
