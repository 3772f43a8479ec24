import { type CommandStartedEvent, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MalformedEstateError } from '../../src/store/errors.js';
import {
  type EstateDocument,
  estateVersionId,
  MongoEstateStore,
} from '../../src/store/mongo/mongo-estate.js';
import type { EstateRecord } from '../../src/store/ports.js';
import { MalformedLog } from '../../src/store/validation.js';
import { at, CapturingLogger, estateChange, MINUTE, uniqueTeam } from './fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from './mongo-harness.js';

const serverUrl = inject('mongodbUrl');
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions']);

/**
 * The MongoDB estate beyond the contract: what a writer that died or stalled between its two
 * writes leaves behind (docs/store.md, "The estate"), written straight into the collections.
 */
describe('MongoDB estate: versions decided by unique inserts, a head that may lag', () => {
  const database = randomDatabaseName();
  const logger = new CapturingLogger();
  let client: MongoClient;
  let store: MongoEstateStore;
  const started: CommandStartedEvent[] = [];
  const heads = () => client.db(database).collection<EstateDocument>('estates');
  const versions = () => client.db(database).collection<EstateDocument>('estate_versions');

  beforeAll(async () => {
    client = new MongoClient(withDatabase(serverUrl, database), {
      monitorCommands: true,
      serverSelectionTimeoutMS: 5_000,
      ignoreUndefined: true,
    });
    client.on('commandStarted', (event) => started.push(event));
    await client.connect();
    store = new MongoEstateStore(heads(), versions(), new MalformedLog(logger));
  });

  afterAll(async () => {
    await client.close();
    await dropDatabase(serverUrl, database);
  });

  /** Version `record.version` as its writer inserted it, the head left alone (it died there). */
  async function insertVersionOnly(record: EstateRecord): Promise<void> {
    await versions().insertOne({ _id: estateVersionId(record.teamId, record.version), ...record });
  }

  const headVersion = async (team: string) => (await heads().findOne({ _id: team }))?.version;

  it('keeps the latest version whole and the earlier ones as stubs; the head is its copy', async () => {
    // Arrange
    const team = uniqueTeam();
    // Act
    for (const id of ['d1', 'd2', 'd3']) await store.append(team, estateChange(id), at(0));
    // Assert
    const stored = await versions()
      .find({ _id: { $in: [1, 2, 3].map((v) => estateVersionId(team, v)) } })
      .sort({ version: 1 })
      .toArray();
    expect(stored.map((doc) => [doc.version, doc.pruned ?? false, doc.changes?.length])).toEqual([
      [1, true, undefined],
      [2, true, undefined],
      [3, false, 3],
    ]);
    const { _id, ...head } = (await heads().findOne({ _id: team })) ?? {};
    expect(head).toEqual(await store.get(team));
    expect(_id).toBe(team);
  });

  it('reads a version whose writer died before the head, and appends after it', async () => {
    // Arrange
    const team = uniqueTeam();
    const first = await store.append(team, estateChange('d1'), at(0));
    const second = { ...first, changes: [...first.changes, estateChange('d2')], version: 2 };
    await insertVersionOnly(second);
    // Act
    const read = await store.get(team);
    const third = await store.append(team, estateChange('d3'), at(MINUTE));
    // Assert
    expect(read).toEqual(second);
    expect(third.changes.map((c) => c.id)).toEqual(['d1', 'd2', 'd3']);
    expect(third.version).toBe(3);
    expect(await headVersion(team)).toBe(3);
  });

  it('a head that went back (a slow writer wrote it last) loses nothing and forks nothing', async () => {
    // Arrange
    const team = uniqueTeam();
    const first = await store.append(team, estateChange('d1'), at(0));
    await store.append(team, estateChange('d2'), at(0));
    const third = await store.append(team, estateChange('d3'), at(0));
    await heads().replaceOne({ _id: team }, { ...first });
    // Act
    const read = await store.get(team);
    const fourth = await store.append(team, estateChange('d4'), at(MINUTE));
    // Assert
    expect(read).toEqual(third);
    expect(fourth.changes.map((c) => c.id)).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(fourth.version).toBe(4);
    expect(await store.get(team)).toEqual(fourth);
  });

  it('a retried click whose version landed but not the head brings the head up to date', async () => {
    // Arrange
    const team = uniqueTeam();
    const first = await store.append(team, estateChange('d1'), at(0));
    const second = { ...first, changes: [...first.changes, estateChange('d2')], version: 2 };
    await insertVersionOnly(second);
    // Act
    const retried = await store.append(team, estateChange('d2'), at(MINUTE));
    // Assert
    expect(retried).toEqual(second);
    expect(await headVersion(team)).toBe(2);
  });

  it('get reads the head and the next version, each by _id alone', async () => {
    // Arrange
    const team = uniqueTeam();
    for (const id of ['d1', 'd2', 'd3']) await store.append(team, estateChange(id), at(0));
    started.length = 0;
    // Act
    await store.get(team);
    // Assert
    const finds = started.filter((event) => !HOUSEKEEPING.has(event.commandName));
    expect(finds.map((event) => [event.commandName, event.command.filter])).toEqual([
      ['find', { _id: team }],
      ['find', { _id: estateVersionId(team, 4) }],
    ]);
  });

  it('a malformed version reads as null, is logged once, and is never written over', async () => {
    // Arrange
    const team = uniqueTeam();
    await store.append(team, estateChange('d1'), at(0));
    const badId = estateVersionId(team, 2);
    await versions().insertOne({ _id: badId, teamId: team, version: 2, changes: 'd2' });
    // Act
    const reads = [await store.get(team), await store.get(team)];
    const append = store.append(team, estateChange('d3'), at(0));
    // Assert
    expect(reads).toEqual([null, null]);
    await expect(append).rejects.toBeInstanceOf(MalformedEstateError);
    expect(await versions().findOne({ _id: badId })).toMatchObject({ changes: 'd2' });
    expect(await versions().findOne({ _id: estateVersionId(team, 3) })).toBeNull();
    expect(logger.warningsFor(badId, 'estate_versions')).toHaveLength(1);
  });
});
