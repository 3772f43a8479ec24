/** The slice of a pino logger the metrics sources use: static message plus metadata. */
export interface MetricsLogger {
  debug(meta: Record<string, unknown>, message: string): void;
  warn(meta: Record<string, unknown>, message: string): void;
}
