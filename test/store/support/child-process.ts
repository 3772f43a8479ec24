import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const REGISTER = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));
const CHILD = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url));

export interface ChildRun {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Every complete stdout line so far. */
  lines: string[];
  /** Resolves when a line matches (or rejects when the child exits first). */
  waitForLine(test: (line: string, count: number) => boolean): Promise<void>;
  /** Resolves with the exit signal/code once stdout is fully read. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Run support/sqlite-child.ts in a real Node process. */
export function runSqliteChild(mode: 'open' | 'write', dataDir: string): ChildRun {
  const child = spawn(process.execPath, ['--import', REGISTER, CHILD, mode, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  const waiters: { test: (line: string, count: number) => boolean; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = `${partial}${chunk.toString('utf8')}`.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.test(line, lines.length))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors = `${errors}${chunk.toString('utf8')}`.slice(-4000);
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    closed,
    stderr: () => errors,
    waitForLine: (test) =>
      new Promise<void>((resolve, reject) => {
        if (lines.some((line, i) => test(line, i + 1))) return resolve();
        waiters.push({ test, resolve });
        void closed.then(() => reject(new Error(`child exited first; stderr:\n${errors}`)));
      }),
  };
}
