import type { Logger } from '../logging/logger.js';
import type { RoleCredentialsFactory } from '../metrics/cloudwatch/source-credentials.js';
import type { MetricsConfig } from '../metrics/config.js';
import { createMetricsSource, type MetricsSourceDeps } from '../metrics/create-source.js';
import { MetricsNotConfiguredError } from '../metrics/errors.js';
import type { MetricsSource } from '../metrics/port.js';
import { SealedValueError, type Sealer } from '../secrets/sealer.js';
import type { WorkspaceRecord } from '../store/ports/workspaces.js';
import { privateHostProblem, type ResolveHost } from './database-host.js';
import type { SetupTenant, TenantSetup } from './tenant-setup.js';
import { DATABASE_URL_LABEL } from './workspace-database-url.js';
import {
  describeIssues,
  POSTGRES_URL_SECRET,
  parseWorkspaceSettings,
  type SettingsDefaults,
  secretContext,
} from './workspace-settings.js';

/**
 * An installed workspace's setup from its Settings over the deployment's YAML defaults
 * (workspace-settings.ts): its plan, infrastructure and people, and its own metrics source:
 * CloudWatch through its role (its external id, the shared role credentials cache), or its
 * PostgreSQL database (the sealed URL opened here, never logged). Settings that no longer validate
 * give the defaults and a warning naming what to fix; nothing here throws for a workspace's data.
 */

export interface SettingsSetupDeps {
  defaults: SettingsDefaults;
  /** Opens the sealed database URL (src/secrets/sealer.ts). */
  sealer: Pick<Sealer, 'open'>;
  logger: Logger;
  clock: () => Date;
  /** The credentials of a workspace's role: `createRoleCredentialsCache(...).get`. */
  roleCredentials: RoleCredentialsFactory;
  /** Wraps each workspace's source (the bot: failures logged, calls counted). Default: as is. */
  wrapSource?: (source: MetricsSource) => MetricsSource;
  /** The SDK clients and the pool (tests: emulator endpoints). */
  clients?: Pick<MetricsSourceDeps, 'createCloudWatchClient' | 'createRdsClient' | 'createPgPool'>;
  /** Resolves a database host name (default: the system's resolver; tests pin addresses). */
  resolveHost?: ResolveHost;
}

const FIX_IN_SETTINGS = 'an admin sets it in the App Home (Settings)';

function notConfigured(what: string, fix = FIX_IN_SETTINGS, cause?: unknown) {
  return new MetricsNotConfiguredError(what, fix, {
    subject: 'Metrics',
    ...(cause === undefined ? {} : { cause }),
  });
}

type Built =
  | { metrics: MetricsSource; problem: null }
  | { metrics: null; problem: MetricsNotConfiguredError };

function openDatabaseUrl(
  workspace: WorkspaceRecord,
  deps: SettingsSetupDeps,
): { url: string } | { problem: MetricsNotConfiguredError } {
  const sealed = workspace.settings.secrets[POSTGRES_URL_SECRET];
  if (sealed === undefined) {
    return { problem: notConfigured('no PostgreSQL connection URL is saved for this workspace') };
  }
  try {
    return { url: deps.sealer.open(sealed, secretContext(workspace.key, POSTGRES_URL_SECRET)) };
  } catch (error) {
    if (!(error instanceof SealedValueError)) throw error;
    // The operator's fix (SEALING_KEYS) goes to the log; the workspace is told what it can do.
    deps.logger.error(
      { err: error, tenant: workspace.key, secret: POSTGRES_URL_SECRET },
      'a workspace secret does not open',
    );
    return {
      problem: notConfigured(
        'the saved PostgreSQL connection URL cannot be read',
        'an admin enters it again in the App Home (Settings)',
        error,
      ),
    };
  }
}

async function buildSource(
  workspace: WorkspaceRecord,
  config: MetricsConfig,
  deps: SettingsSetupDeps,
): Promise<Built> {
  let databaseUrl: string | null = null;
  if (config.plan.some((p) => p.name === 'postgres')) {
    const opened = openDatabaseUrl(workspace, deps);
    if ('problem' in opened) return { metrics: null, problem: opened.problem };
    const hostProblem = deps.defaults.workspaces.privateDatabaseHosts
      ? null
      : await privateHostProblem(opened.url, deps.resolveHost);
    if (hostProblem !== null) {
      const fix = 'an admin enters a public host in the App Home (Settings)';
      return { metrics: null, problem: notConfigured(hostProblem, fix) };
    }
    databaseUrl = opened.url;
  }
  try {
    const source = createMetricsSource(config, {
      logger: deps.logger,
      // The workspace's own region: never the deployment's AWS_REGION.
      ...(config.cloudwatch.region === undefined ? {} : { region: config.cloudwatch.region }),
      databaseUrl,
      databaseUrlLabel: `${DATABASE_URL_LABEL} in the App Home (Settings)`,
      now: deps.clock,
      roleCredentials: deps.roleCredentials,
      ...deps.clients,
    });
    return { metrics: deps.wrapSource?.(source) ?? source, problem: null };
  } catch (error) {
    if (error instanceof MetricsNotConfiguredError) return { metrics: null, problem: error };
    throw error;
  }
}

export function createSettingsSetup(deps: SettingsSetupDeps): SetupTenant {
  return async (workspace): Promise<TenantSetup> => {
    const parsed = parseWorkspaceSettings(
      workspace.settings.values,
      deps.defaults,
      workspace.externalId,
    );
    if (parsed.problems.length > 0) {
      deps.logger.warn(
        { tenant: workspace.key, problems: parsed.problems },
        "workspace settings that no longer validate: the deployment's defaults apply to them",
      );
    }
    const metricsProblems = parsed.problems.filter((p) => p.path.startsWith('metrics'));
    let built: Built;
    if (parsed.metrics !== null) {
      built = await buildSource(workspace, parsed.metrics, deps);
    } else if (metricsProblems.length > 0) {
      built = {
        metrics: null,
        problem: notConfigured(
          `the metrics settings no longer validate (${describeIssues(metricsProblems)})`,
          'an admin fixes them in the App Home (Settings)',
        ),
      };
    } else {
      built = {
        metrics: null,
        problem: notConfigured(
          'no metrics source for this workspace',
          'an admin sets one in the App Home (Settings)',
        ),
      };
    }
    const source = built.metrics;
    return {
      plan: parsed.plan,
      infrastructure: parsed.infrastructure,
      permissions: parsed.permissions,
      metrics: source,
      metricsProblem: built.problem,
      close: async () => {
        await source?.close?.();
      },
    };
  };
}
