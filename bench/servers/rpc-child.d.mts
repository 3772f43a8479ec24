/** See rpc-child.mjs. */
export declare function serveRpc(
  handlers: Record<string, (params: unknown) => unknown>,
  ready: Record<string, unknown>,
): void;
