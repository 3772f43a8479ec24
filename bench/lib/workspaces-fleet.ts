import { join } from 'node:path';
import type { DigestTally } from '../../test/digest/install-harness.js';
import type { ReplicaOpen, ReplicaTick } from '../servers/digest-replica.js';
import type { SlackCallSummary, WorkspaceSpec } from '../servers/fake-slack-workspaces.js';
import { type Child, ROOT, spawnChild } from './rpc.js';

/**
 * The processes of the many-workspaces benchmark: the fake Slack, and the digest replicas, each a
 * process of its own with its own connection to the shared database.
 */

const SERVERS = join(ROOT, 'bench', 'servers');

export interface FakeSlackProcess {
  apiUrl: string;
  reset(limits: { perChannel: number; workspace: number }): Promise<void>;
  addWorkspaces(specs: readonly WorkspaceSpec[]): Promise<void>;
  summary(since: number): Promise<SlackCallSummary>;
  tally(workspaces: readonly { key: string; channels: readonly string[] }[]): Promise<DigestTally>;
  stop(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlackProcess> {
  const child = await spawnChild(join(SERVERS, 'fake-slack-workspaces.ts'));
  return {
    apiUrl: String(child.info.apiUrl),
    reset: (limits) => child.call('reset', limits),
    addWorkspaces: async (specs) => {
      // IPC messages of a few hundred workspaces at a time.
      for (let i = 0; i < specs.length; i += 500)
        await child.call('addWorkspaces', specs.slice(i, i + 500));
    },
    summary: (since) => child.call('summary', since),
    tally: (workspaces) => child.call('tally', workspaces),
    stop: () => child.stop(),
  };
}

export interface Replicas {
  /** Every replica ticks at once; each says what its tick cost. */
  tickAll(): Promise<ReplicaTick[]>;
  stop(): Promise<void>;
}

/** `count` replicas (`replica-1`…), each opened on the shared database. */
export async function startReplicas(
  count: number,
  open: Omit<ReplicaOpen, 'owner'>,
): Promise<Replicas> {
  const children: Child[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const child = await spawnChild(join(SERVERS, 'digest-replica.ts'), {
        nodeFlags: ['--expose-gc'],
        env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      children.push(child);
      await child.call('open', { ...open, owner: `replica-${i}` } satisfies ReplicaOpen);
    }
  } catch (error) {
    await Promise.all(children.map((c) => c.stop()));
    throw error;
  }
  return {
    tickAll: () => Promise.all(children.map((c) => c.call<ReplicaTick>('tick'))),
    stop: async () => {
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}
