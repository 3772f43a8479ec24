import type { RecordedCall } from './fake-slack-http.js';
import type {
  FakeChannel,
  FakeUser,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
  Workspace,
  WorkspaceIdentity,
} from './fake-slack-workspace.js';

/**
 * What a test reads from (and sets in) one workspace of the fake Slack. `FakeSlack` itself reads
 * the default workspace; `fake.team(teamId)` reads another.
 */
export abstract class WorkspaceReads {
  protected abstract workspace(): Workspace;

  messages(channel?: string): StoredMessage[] {
    return this.workspace().messages.filter((m) => channel === undefined || m.channel === channel);
  }

  ephemerals(): StoredEphemeral[] {
    return [...this.workspace().ephemerals];
  }

  /** The Home view last published for a user. */
  homeView(userId: string): unknown {
    return this.workspace().views.get(userId);
  }

  /** A modal opened with views.open, as last updated (views.update). */
  modal(viewId: string): unknown {
    return this.workspace().modals.get(viewId);
  }

  /** The ids of the open modals, oldest first. */
  modalIds(): string[] {
    return [...this.workspace().modals.keys()];
  }

  /** Messages in the thread of `ts` (the parent excluded). */
  threadReplies(channel: string, ts: string): StoredMessage[] {
    return this.workspace().messages.filter(
      (m) => m.channel === channel && m.thread_ts === ts && m.ts !== ts,
    );
  }

  files(): StoredFile[] {
    return [...this.workspace().files.values()];
  }

  setUser(id: string, user: FakeUser): void {
    this.workspace().users.set(id, user);
  }

  setChannel(id: string, channel: FakeChannel): void {
    this.workspace().channels.set(id, channel);
  }

  /**
   * Refuses (or, with false, takes again) every message, update, ephemeral and response_url
   * payload carrying a table or a chart block, with `invalid_blocks` (HTTP 400 on a response_url),
   * as a Slack that does not know these blocks does. Every payload is checked against the
   * documented limits of the blocks either way (fake-slack-blocks.ts).
   */
  refuseNativeBlocks(on = true): void {
    this.workspace().refuseNativeBlocks = on;
  }

  /** Why each payload refused with `invalid_blocks` was refused, oldest first. */
  blockRefusals(): string[] {
    return [...this.workspace().blockRefusals];
  }
}

/** One workspace of the fake: its identity, its state and the calls its tokens made. */
export class TeamView extends WorkspaceReads {
  constructor(
    private readonly ws: Workspace,
    private readonly recorded: () => readonly RecordedCall[],
  ) {
    super();
  }

  protected workspace(): Workspace {
    return this.ws;
  }

  /** Team, domain, org and the app's bot user in this workspace. */
  get identity(): WorkspaceIdentity {
    const { teamId, teamName, teamDomain, enterprise, botUserId, botId } = this.ws;
    return { teamId, teamName, teamDomain, enterprise, botUserId, botId };
  }

  /** The calls made with this workspace's tokens (all, or one method's). */
  calls(method?: string): RecordedCall[] {
    return this.recorded().filter(
      (c) => c.team === this.ws.teamId && (method === undefined || c.method === method),
    );
  }
}
