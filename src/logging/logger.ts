/**
 * The one logger type of the project: pino's calling convention, a static message plus metadata
 * (`logger.warn({ err, channelId }, 'static message')`). The bot passes its pino logger, the CLI
 * its stderr logger, tests a capturing one. Bolt and @slack/web-api get an adapter
 * (src/slack/bolt-logger.ts).
 */
export interface Logger {
  debug(meta: object, message: string): void;
  info(meta: object, message: string): void;
  warn(meta: object, message: string): void;
  error(meta: object, message: string): void;
}
