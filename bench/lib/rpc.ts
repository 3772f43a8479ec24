import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Child processes for the benchmarks, optionally pinned to CPUs with taskset and driven over the
 * IPC channel with a small request/reply protocol (the child side is servers/rpc-child.mjs). The
 * measured servers are plain JavaScript over the built bot (dist/); helpers written in TypeScript
 * run through the project's tiny loader (test/store/support/register-ts.mjs).
 */

export const ROOT = join(import.meta.dirname, '..', '..');
const LOADER = join(ROOT, 'test', 'store', 'support', 'register-ts.mjs');

interface RpcRequest {
  rpc: number;
  method: string;
  params?: unknown;
}

interface RpcReply {
  rpc: number;
  result?: unknown;
  error?: string;
}

export interface SpawnOptions {
  /** Extra environment (the child gets PATH and HOME plus this). */
  env?: Record<string, string>;
  /** Pin the child to these CPUs (taskset -c). */
  cpus?: string;
  /** Node flags before the loader (e.g. --cpu-prof, --expose-gc). */
  nodeFlags?: string[];
  /** What the child writes (default: discarded). */
  output?: 'ignore' | 'inherit';
}

export interface Child {
  process: ChildProcess;
  /** The child's `ready` message. */
  info: Record<string, unknown>;
  call<T>(method: string, params?: unknown): Promise<T>;
  /** Asks the child to stop (RPC `stop`), then waits for it to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/** Starts `node <file>` (`.ts`: through the loader) and waits for its ready message. */
export async function spawnChild(file: string, options: SpawnOptions = {}): Promise<Child> {
  const loader = file.endsWith('.ts') ? ['--import', LOADER] : [];
  const nodeArgs = [...(options.nodeFlags ?? []), ...loader, file];
  const [command, args] =
    options.cpus === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', options.cpus, process.execPath, ...nodeArgs]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', options.output ?? 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${file} exited before it was ready (${code ?? signal})`)),
    );
    child.on('message', (message: RpcReply & { ready?: boolean }) => {
      if (message.ready === true) {
        resolve({ ...message });
        return;
      }
      const waiter = pending.get(message.rpc);
      if (waiter === undefined) return;
      pending.delete(message.rpc);
      if (message.error !== undefined) waiter.reject(new Error(`${file}: ${message.error}`));
      else waiter.resolve(message.result);
    });
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`${file} exited (${code ?? signal})`));
    pending.clear();
  });
  return {
    process: child,
    info,
    call: <T>(method: string, params?: unknown) =>
      new Promise<T>((resolve, reject) => {
        seq += 1;
        pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ rpc: seq, method, params } satisfies RpcRequest);
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.send({ rpc: 0, method: 'stop' } satisfies RpcRequest);
      await exited;
      clearTimeout(timer);
    },
  };
}
