import { type ChildProcess, spawn } from 'node:child_process';

/**
 * A test server as a child process (PostgreSQL, FerretDB): the last 4,000 characters of its
 * output kept for error messages, and a stop that sends `signal`, then SIGKILL after `graceMs`,
 * and resolves once the process has exited.
 */
export interface ServerProcess {
  child: ChildProcess;
  /** The end of what it printed (stdout and stderr), for a failure to quote. */
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export function spawnServer(
  cmd: string,
  args: readonly string[],
  options: { cwd?: string; stopSignal: NodeJS.Signals; graceMs: number },
): ServerProcess {
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = `${tail}${chunk.toString('utf8')}`.slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = options.stopSignal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, output: () => tail, stop };
}
