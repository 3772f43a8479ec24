import { type CommandStartedEvent, type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoInstallationStore } from '../../src/store/mongo/mongo-installations.js';
import {
  STUB_WINDOW,
  type VersionedDocument,
  versionId,
} from '../../src/store/mongo/mongo-versioned.js';
import { MalformedLog } from '../../src/store/validation.js';
import { at, CapturingLogger, HOUR, uniqueTeam } from './fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from './mongo-harness.js';
import { installationInput, sealed } from './tenant-fixtures.js';

const serverUrl = inject('mongodbUrl');
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions']);

const rotated = () => ({ botToken: sealed(), refreshToken: sealed(), botTokenExpiresAt: at(HOUR) });

/** The filter of a command, whatever the command (find, update, delete). */
function filtersOf(event: CommandStartedEvent): Document[] {
  const command = event.command as Document;
  if (event.commandName === 'find') return [command.filter as Document];
  if (event.commandName === 'update') return (command.updates as Document[]).map((u) => u.q);
  if (event.commandName === 'delete') return (command.deletes as Document[]).map((d) => d.q);
  return [];
}

/**
 * The MongoDB installations beyond the contract (the workspaces share the same versioned
 * records, src/store/mongo/mongo-versioned.ts): reads and writes by `_id`, a head left behind by
 * a writer that died, and what stays at rest of superseded versions.
 */
describe('MongoDB installations: versions decided by unique inserts, by _id', () => {
  const database = randomDatabaseName();
  const logger = new CapturingLogger();
  let client: MongoClient;
  let store: MongoInstallationStore;
  const started: CommandStartedEvent[] = [];
  const heads = () => client.db(database).collection<VersionedDocument>('installations');
  const versions = () => client.db(database).collection<VersionedDocument>('installation_versions');

  beforeAll(async () => {
    client = new MongoClient(withDatabase(serverUrl, database), {
      monitorCommands: true,
      serverSelectionTimeoutMS: 5_000,
      ignoreUndefined: true,
    });
    client.on('commandStarted', (event) => started.push(event));
    await client.connect();
    store = new MongoInstallationStore(heads(), versions(), new MalformedLog(logger));
  });

  afterAll(async () => {
    await client.close();
    await dropDatabase(serverUrl, database);
  });

  async function commandsOf(call: () => Promise<unknown>): Promise<CommandStartedEvent[]> {
    started.length = 0;
    await call();
    return started.filter((event) => !HOUSEKEEPING.has(event.commandName));
  }

  it('get is two finds by _id; a refresh writes by _id only', async () => {
    // Arrange
    const key = uniqueTeam();
    const first = await store.put(installationInput(key), at(0));
    for (let other = 0; other < 20; other++)
      await store.put(installationInput(uniqueTeam()), at(0));
    // Act
    const reads = await commandsOf(() => store.get(key));
    const refresh = await commandsOf(() =>
      store.replaceTokens(key, first.version, rotated(), at(1)),
    );
    // Assert
    expect(reads.map((c) => c.commandName)).toEqual(['find', 'find']);
    expect(reads.flatMap(filtersOf)).toEqual([{ _id: key }, { _id: versionId(key, 2) }]);
    expect(refresh.map((c) => c.commandName)).toEqual([
      'find',
      'find',
      'insert',
      'update',
      'update',
    ]);
    for (const filter of refresh.flatMap(filtersOf)) expect(Object.keys(filter)).toEqual(['_id']);
  });

  it('a head left behind by a writer that died is read past, and brought up to date', async () => {
    // Arrange
    const key = uniqueTeam();
    const first = await store.put(installationInput(key), at(0));
    const tokens = rotated();
    const next = { ...first, ...tokens, version: 2, updatedAt: at(1) };
    await versions().insertOne({ _id: versionId(key, 2), ...next });
    // Act
    const read = await store.get(key);
    const late = await store.replaceTokens(key, first.version, rotated(), at(2));
    // Assert
    expect(read).toEqual(next);
    expect((await heads().findOne({ _id: key }))?.version).toBe(2);
    expect(late).toEqual({ ok: false, current: next });
  });

  it(`keeps at most ${STUB_WINDOW} stubs and only the latest version's tokens`, {
    timeout: 120_000,
  }, async () => {
    // Arrange
    const key = uniqueTeam();
    let version = (await store.put(installationInput(key), at(0))).version;
    // Act
    for (let i = 1; i <= STUB_WINDOW + 5; i++) {
      const result = await store.replaceTokens(key, version, rotated(), at(i));
      if (!result.ok) throw new Error('a lone refresh should land');
      version = result.record.version;
    }
    // Assert
    const stored = await versions().find({ key }).toArray();
    expect(stored.length).toBeLessThanOrEqual(STUB_WINDOW + 1);
    expect(stored.filter((doc) => 'botToken' in doc).map((doc) => doc.version)).toEqual([version]);
    expect(Math.min(...stored.map((doc) => Number(doc.version)))).toBe(version - STUB_WINDOW);
  });

  it('a delete leaves a tombstone, and no token in a version a writer never pruned', async () => {
    // Arrange
    const key = uniqueTeam();
    const first = await store.put(installationInput(key), at(0));
    const second = await store.replaceTokens(key, first.version, rotated(), at(1));
    if (!second.ok) throw new Error('a lone refresh should land');
    // The writer of version 2 died before it pruned version 1.
    await versions().replaceOne({ _id: versionId(key, 1) }, { ...first });
    // Act
    const deleted = await store.delete(key);
    // Assert
    expect(deleted).toBe(true);
    const stored = await versions().find({ key }).toArray();
    expect(stored.filter((doc) => 'botToken' in doc || 'refreshToken' in doc)).toEqual([]);
    expect(stored.find((doc) => doc.version === 3)).toMatchObject({ deleted: true });
    expect(await heads().findOne({ _id: key })).toMatchObject({ version: 3, deleted: true });
    expect(await store.keys()).not.toContain(key);
  });

  it('a writer that read the record before its delete cannot write it back', async () => {
    // Arrange
    const key = uniqueTeam();
    const first = await store.put(installationInput(key), at(0));
    await store.delete(key);
    // Act: version 2 is the tombstone, so this writer's version 2 is taken.
    const late = await store.replaceTokens(key, first.version, rotated(), at(1));
    // Assert
    expect(late).toEqual({ ok: false, current: null });
    expect(await store.get(key)).toBeNull();
  });
});
