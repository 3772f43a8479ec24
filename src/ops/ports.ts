import { createServer } from 'node:net';

/** The variables that name a port the bot listens on. */
export type PortVariable = 'PORT' | 'HEALTH_PORT';

const FIX: Record<PortVariable, string> = {
  PORT: 'set PORT to a free port, or stop what listens on it',
  HEALTH_PORT: 'set HEALTH_PORT to a free port, or unset it',
};

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * A port the bot must listen on cannot be: in use, or not allowed. One line naming the variable,
 * the port and what to do: "PORT 3000 is already in use: set PORT to a free port, or stop what
 * listens on it". PORT and HEALTH_PORT are told alike.
 */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  readonly variable: PortVariable;
  readonly port: number;

  constructor(variable: PortVariable, port: number, cause: unknown) {
    const code = codeOf(cause);
    const why =
      code === 'EADDRINUSE'
        ? 'is already in use'
        : `cannot be listened on (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
    super(`${variable} ${port} ${why}: ${FIX[variable]}`, { cause });
    this.variable = variable;
    this.port = port;
  }
}

/** Whether `error` is a failure to listen (the error a server's `listen` gives). */
export function isListenError(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL';
}

function probe(port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(host === undefined ? { port } : { port, host }, () => {
      server.close(() => resolve());
    });
  });
}

/**
 * Listens on each port the bot will listen on (PORT in HTTP mode, HEALTH_PORT when set) for a
 * moment and lets it go, so that a port in use stops the start before anything is opened (the
 * store, Slack). The real listen comes later and is checked again.
 * @throws PortUnavailableError for the first port that cannot be listened on.
 */
export async function checkPortsFree(
  mode: { kind: 'http'; port: number } | { kind: 'socket' },
  healthPort: number | null,
  host: string | undefined,
): Promise<void> {
  const ports: [PortVariable, number][] = [
    ...(mode.kind === 'http' ? [['PORT', mode.port] as [PortVariable, number]] : []),
    ...(healthPort === null ? [] : [['HEALTH_PORT', healthPort] as [PortVariable, number]]),
  ];
  for (const [variable, port] of ports) {
    try {
      await probe(port, host);
    } catch (error) {
      throw new PortUnavailableError(variable, port, error);
    }
  }
}
