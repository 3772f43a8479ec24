import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * CPU placement: the server under test gets a core of its own and everything else (the load
 * generator, the fake Slack) shares the other, so the bot and the bare app are measured alike.
 */

export interface Placement {
  /** taskset list for the server under test, or undefined when not pinned. */
  server: string | undefined;
  /** taskset list for the load generator and helpers. */
  helpers: string | undefined;
  describe: string;
}

export function placement(): Placement {
  const cpus = availableParallelism();
  const taskset = spawnSync('taskset', ['--version'], { encoding: 'utf8' });
  if (cpus < 2 || taskset.status !== 0) {
    return {
      server: undefined,
      helpers: undefined,
      describe: 'not pinned (one CPU or no taskset)',
    };
  }
  const last = cpus - 1;
  const helpers = last === 1 ? '0' : `0-${last - 1}`;
  return {
    server: String(last),
    helpers,
    describe: `server on CPU ${last}; load generator and fake Slack on CPU ${helpers}`,
  };
}

/** Pins every thread of this process (the load generator) to `cpus`; returns an undo. */
export function pinSelf(cpus: string | undefined): () => void {
  if (cpus === undefined) return () => {};
  const all = `0-${availableParallelism() - 1}`;
  spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
  return () => {
    spawnSync('taskset', ['-a', '-p', '-c', all, String(process.pid)], { stdio: 'ignore' });
  };
}
