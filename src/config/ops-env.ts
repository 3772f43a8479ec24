/**
 * HEALTH_PORT: the optional internal port of the health and metrics server (src/ops/). Checked by
 * parseBotEnv with the other variables, so every problem is reported at once.
 */

/** The port the Dockerfile and compose.yml set; unset means no internal server. */
export const SUGGESTED_HEALTH_PORT = 9464;

/**
 * HEALTH_PORT as a port number, or null when unset. Adds a problem when it is not a port, or is the
 * public PORT (one server cannot be both).
 */
export function checkHealthPort(
  value: string | undefined,
  publicPort: number | null,
  problems: string[],
): number | null {
  if (value === undefined) return null;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(
      `HEALTH_PORT must be a whole number between 1 and 65535 (the internal health and metrics port, e.g. ${SUGGESTED_HEALTH_PORT}), or unset`,
    );
    return null;
  }
  if (port === publicPort) {
    problems.push(
      `HEALTH_PORT must differ from PORT (${publicPort}): detailed status and metrics stay off the port Slack talks to`,
    );
    return null;
  }
  return port;
}
