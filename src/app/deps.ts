import type { Plan } from '../domain/plan/schema.js';
import type { InfrastructureInput } from '../domain/review.js';
import type { Logger } from '../logging/logger.js';
import type { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsSource } from '../metrics/port.js';
import type { Store } from '../store/ports.js';

export interface Permissions {
  /** Slack user ids who alone may snooze and subscribe; empty = everyone may. */
  admins: readonly string[];
  /** Slack user ids who may acknowledge (admins always may); null = everyone may. */
  ackers: readonly string[] | null;
}

/** Everything a use case needs, injected (ports, plan, clock). */
export interface AppDeps {
  plan: Plan;
  /** What the team runs now (scale-review.yml `infrastructure:`), for sizing. */
  infrastructure: InfrastructureInput;
  store: Store;
  /** null when no metrics source is configured; `metricsProblem` says why. */
  metrics: MetricsSource | null;
  metricsProblem: MetricsNotConfiguredError | null;
  logger: Logger;
  clock: () => Date;
  permissions: Permissions;
  /** Short waits inside a use case (a click waiting for an identical one in flight); default a timer. */
  sleep?: (ms: number) => Promise<void>;
}
