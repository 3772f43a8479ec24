import { z } from 'zod';
import type {
  PurgeCounts,
  PurgeOutcome,
  TenantKey,
  TenantRecordKind,
  TenantStore,
  WorkspaceStore,
} from './ports.js';
import { TENANT_RECORD_KINDS } from './ports.js';
import { tenantKeySchema } from './tenant-schemas.js';
import { checkInput } from './validation.js';

/**
 * How an adapter erases one tenant's records: one function per kind of the list
 * (`TENANT_RECORD_KINDS`), each returning how many it deleted, plus the installation and the
 * workspace record, erased whole (every version and tombstone; 1 when there was one).
 */
export interface TenantErasers {
  records: Record<TenantRecordKind, (key: TenantKey) => Promise<number>>;
  installation(key: TenantKey): Promise<number>;
  workspace(key: TenantKey): Promise<number>;
}

type RecordCounts = Record<TenantRecordKind, number>;

/**
 * The purge of a tenant (docs/store.md, "Tenants"), the same on both adapters: its records kind
 * by kind in the list's order, then the installation, then the workspace record, which is what
 * lists the tenant as purgeable. Every step deletes what is left, so a purge that died midway is
 * finished by the next run, and a second run counts zeros.
 */
export class TenantPurger implements TenantStore {
  constructor(
    readonly erasers: TenantErasers,
    private readonly workspaces: WorkspaceStore,
  ) {}

  async purge(key: TenantKey): Promise<PurgeCounts> {
    const tenant = checkInput(tenantKeySchema, key, 'tenant key');
    const records = await this.purgeKinds(tenant, TENANT_RECORD_KINDS);
    return { ...records, ...(await this.#eraseRecords(tenant)) };
  }

  async purgeDue(now: Date): Promise<PurgeOutcome[]> {
    const at = checkInput(z.date(), now, 'time');
    const outcomes: PurgeOutcome[] = [];
    for (const due of await this.workspaces.listPurgeable(at)) {
      const kept = { installation: 0, workspace: 0 };
      if (await this.#reinstalled(due.key)) {
        outcomes.push({ key: due.key, outcome: 'reinstalled', counts: { ...zeros(), ...kept } });
        continue;
      }
      const records = await this.purgeKinds(due.key, TENANT_RECORD_KINDS);
      // A reinstall while the records went keeps its new installation and workspace record.
      if (await this.#reinstalled(due.key)) {
        outcomes.push({ key: due.key, outcome: 'reinstalled', counts: { ...records, ...kept } });
        continue;
      }
      const counts = { ...records, ...(await this.#eraseRecords(due.key)) };
      outcomes.push({ key: due.key, outcome: 'purged', counts });
    }
    return outcomes;
  }

  /**
   * Erase these kinds of the tenant's records only, in the given order: the purge's first part
   * (public for the tests of a purge that stops midway).
   */
  async purgeKinds(key: TenantKey, kinds: readonly TenantRecordKind[]): Promise<RecordCounts> {
    const counts = zeros();
    for (const kind of kinds) counts[kind] = await this.erasers.records[kind](key);
    return counts;
  }

  async #eraseRecords(key: TenantKey): Promise<{ installation: number; workspace: number }> {
    const installation = await this.erasers.installation(key);
    const workspace = await this.erasers.workspace(key);
    return { installation, workspace };
  }

  async #reinstalled(key: TenantKey): Promise<boolean> {
    return (await this.workspaces.get(key))?.status === 'active';
  }
}

/** A zero for every kind (`Object.fromEntries` cannot say which keys it makes, hence the cast). */
function zeros(): RecordCounts {
  return Object.fromEntries(TENANT_RECORD_KINDS.map((kind) => [kind, 0])) as RecordCounts;
}
