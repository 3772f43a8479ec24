// Child side of the benchmarks' IPC protocol (bench/lib/rpc.ts is the parent side): answers
// `{ rpc, method, params }` with `{ rpc, result }` or `{ rpc, error }`, and starts with `{ ready }`.
// Plain JavaScript so that the measured servers run without the TypeScript loader.

/**
 * @param {Record<string, (params: unknown) => unknown>} handlers
 * @param {Record<string, unknown>} ready
 */
export function serveRpc(handlers, ready) {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('bench child started without an IPC channel');
  process.on('message', (message) => {
    const handler = handlers[message.method];
    const reply = (body) => send({ rpc: message.rpc, ...body });
    if (handler === undefined) {
      reply({ error: `unknown method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.params))
      .then(
        (result) => reply({ result: result ?? null }),
        (error) => reply({ error: error instanceof Error ? error.stack : String(error) }),
      );
  });
  send({ ready: true, ...ready });
}
