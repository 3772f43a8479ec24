import { type DigestTally, tallyDigests } from '../../test/digest/install-harness.js';
import { FakeSlack, type RateLimits } from '../../test/support/fake-slack.js';
import { serveRpc } from './rpc-child.mjs';

/**
 * The loopback fake Slack with many workspaces, in a process of its own (the many-workspaces
 * benchmark): every workspace acts only with its own bot token (others answer invalid_auth), and
 * the rate limits apply per workspace, as Slack's do.
 */

export interface WorkspaceSpec {
  teamId: string;
  botToken: string;
}

/** One workspace's chat.postMessage calls: epoch ms of its first and last accepted post. */
export interface WorkspacePosts {
  firstAt: number;
  lastAt: number;
  accepted: number;
  refused: number;
}

export interface SlackCallSummary {
  /** Calls by method, every workspace together. */
  byMethod: Record<string, number>;
  /** Calls whose token the fake did not know (invalid_auth). */
  unknownToken: number;
  /** chat.postMessage by workspace. */
  posts: Record<string, WorkspacePosts>;
}

const slack = new FakeSlack({ strictTokens: true });
const { apiUrl } = await slack.start();

function summary(since: number): SlackCallSummary {
  const byMethod: Record<string, number> = {};
  const posts: Record<string, WorkspacePosts> = {};
  let unknownToken = 0;
  for (const call of slack.calls()) {
    if (call.at < since) continue;
    byMethod[call.method] = (byMethod[call.method] ?? 0) + 1;
    if (call.team === undefined) unknownToken += 1;
    if (call.method !== 'chat.postMessage' || call.team === undefined) continue;
    const team = posts[call.team] ?? { firstAt: Infinity, lastAt: 0, accepted: 0, refused: 0 };
    if (call.status === 200 && call.error === undefined) {
      team.accepted += 1;
      team.firstAt = Math.min(team.firstAt, call.at);
      team.lastAt = Math.max(team.lastAt, call.at);
    } else {
      team.refused += 1;
    }
    posts[call.team] = team;
  }
  return { byMethod, unknownToken, posts };
}

serveRpc(
  {
    /** Starts afresh: no workspace, no call, these limits. */
    reset: (limits) => {
      slack.reset();
      slack.setRateLimits(limits as RateLimits);
    },
    addWorkspaces: (specs) => {
      for (const spec of specs as WorkspaceSpec[]) slack.addWorkspace(spec);
    },
    /** The calls made at or after `since` (epoch ms). */
    summary: (since) => summary(Number(since ?? 0)),
    tally: (workspaces): DigestTally =>
      tallyDigests(slack, workspaces as { key: string; channels: string[] }[]),
    stop: async () => {
      await slack.close();
      process.exit(0);
    },
  },
  { apiUrl },
);
