/**
 * What the app listens to, filled by the `register*` functions as they register listeners. The
 * manifest test compares it with manifest.yml, so the two cannot drift.
 */
export class ListenerRegistry {
  readonly commands = new Set<string>();
  readonly actions = new Set<string>();
  readonly events = new Set<string>();

  /** Interactivity must be on in the manifest exactly when some listener handles actions. */
  get interactivity(): boolean {
    return this.actions.size > 0;
  }
}
