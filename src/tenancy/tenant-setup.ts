import type { AppDeps } from '../app/deps.js';
import type { WorkspaceRecord } from '../store/ports/workspaces.js';

/** What differs between tenants: the deployment's YAML overlaid with the workspace's settings. */
export type TenantSetup = Pick<
  AppDeps,
  'plan' | 'infrastructure' | 'permissions' | 'metrics' | 'metricsProblem'
> & {
  /** Release what the setup opened (a PostgreSQL pool). */
  close(): Promise<void>;
};

/**
 * Builds an active workspace's setup from its record (settings validated, sealed secrets opened).
 * Settings that no longer validate do not fail it: the workspace gets the defaults for them and a
 * `metricsProblem` that says what to fix in the App Home.
 */
export type SetupTenant = (workspace: WorkspaceRecord) => Promise<TenantSetup>;
