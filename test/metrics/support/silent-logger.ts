import type { Logger } from '../../../src/logging/logger.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  meta: Record<string, unknown>;
  message: string;
}

/** A logger that prints nothing and remembers what it was told. */
export function silentLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    debug: (meta, message) => entries.push({ level: 'debug', meta: { ...meta }, message }),
    info: (meta, message) => entries.push({ level: 'info', meta: { ...meta }, message }),
    warn: (meta, message) => entries.push({ level: 'warn', meta: { ...meta }, message }),
    error: (meta, message) => entries.push({ level: 'error', meta: { ...meta }, message }),
  };
}
