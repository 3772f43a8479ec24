import { Writable } from 'node:stream';
import { createLogger, type PinoLogger } from '../../src/bootstrap/logger.js';

/** The bot's own logger (redaction and all), writing into memory: counts by level, last lines kept. */
export interface CapturedLogger {
  logger: PinoLogger;
  counts: Record<string, number>;
  tail: string[];
}

const LEVELS: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };

export function capturedLogger(level = 'info'): CapturedLogger {
  const counts: Record<string, number> = {};
  const tail: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const line = String(chunk);
      const match = /"level":(\d+)/.exec(line);
      const name = LEVELS[Number(match?.[1])] ?? 'other';
      counts[name] = (counts[name] ?? 0) + 1;
      tail.push(line.trim());
      if (tail.length > 20) tail.shift();
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), counts, tail };
}
