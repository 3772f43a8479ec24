import { type CommandStartedEvent, type Document, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  MongoObservationStore,
  type ObservationDocument,
} from '../../src/store/mongo/mongo-observations.js';
import { MalformedLog } from '../../src/store/validation.js';
import { CapturingLogger, observation, uniqueTeam } from './fixtures.js';
import { dropDatabase, randomDatabaseName, withDatabase } from './mongo-harness.js';

const serverUrl = inject('mongodbUrl');
/** Driver chatter that is not a query of ours. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions']);

/**
 * FerretDB 1.x pushes down only `_id` equality, so the cost of reading a team's history must be
 * bounded by the periods asked for: getMany sends one find per key, filtered by `_id` alone,
 * however many observations the collection holds. Watched with the driver's command monitor.
 */
describe('MongoDB observations: reads are bounded by the keys asked for', () => {
  const database = randomDatabaseName();
  let client: MongoClient;
  let store: MongoObservationStore;
  const started: CommandStartedEvent[] = [];

  beforeAll(async () => {
    client = new MongoClient(withDatabase(serverUrl, database), {
      monitorCommands: true,
      serverSelectionTimeoutMS: 5_000,
    });
    client.on('commandStarted', (event) => started.push(event));
    await client.connect();
    const collection = client.db(database).collection<ObservationDocument>('observations');
    store = new MongoObservationStore(collection, new MalformedLog(new CapturingLogger()));
  });

  afterAll(async () => {
    await client.close();
    await dropDatabase(serverUrl, database);
  });

  /** The commands the call sends (housekeeping left out). */
  async function commandsOf(call: () => Promise<unknown>): Promise<CommandStartedEvent[]> {
    started.length = 0;
    await call();
    return started.filter((event) => !HOUSEKEEPING.has(event.commandName));
  }

  /** Other periods of `teamId`, written straight into the collection (seeding is not measured). */
  async function seedHistory(teamId: string, from: number, weeks: number): Promise<void> {
    const docs = Array.from({ length: weeks }, (_, i) => {
      const periodKey = `2020-P${String(from + i).padStart(4, '0')}`;
      return { _id: `${periodKey}|${teamId}`, ...observation(teamId, periodKey) };
    });
    await client.db(database).collection<ObservationDocument>('observations').insertMany(docs);
  }

  const asked = ['2025-W49', '2025-W48', '2025-W47', '2025-W46', '2025-W45'];

  it('getMany of k keys sends exactly k finds, each by _id only, with 2 or 1,000 other observations', async () => {
    const team = uniqueTeam();
    for (const key of ['2025-W49', '2025-W47', '2025-W46']) {
      await store.put(observation(team, key));
    }
    await seedHistory(team, 0, 2);

    const small = await commandsOf(() => store.getMany(team, asked));
    await seedHistory(team, 2, 600);
    for (let other = 0; other < 4; other++) await seedHistory(uniqueTeam(), 0, 100);
    const large = await commandsOf(() => store.getMany(team, asked));

    for (const commands of [small, large]) {
      expect(commands.map((c) => c.commandName)).toEqual(Array(asked.length).fill('find'));
      const filters = commands.map((c) => (c.command as Document).filter as Document);
      expect(filters.sort((x, y) => String(x._id).localeCompare(String(y._id)))).toEqual(
        [...asked].sort().map((key) => ({ _id: `${key}|${team}` })),
      );
      expect(commands.every((c) => (c.command as Document).limit === 1)).toBe(true);
      expect(commands.every((c) => (c.command as Document).find === 'observations')).toBe(true);
    }
    expect(await client.db(database).collection('observations').countDocuments()).toBe(1005);
    expect((await store.getMany(team, asked)).map((o) => o.periodKey)).toEqual([
      '2025-W49',
      '2025-W47',
      '2025-W46',
    ]);
  });

  it('get is one find by _id; put is one replace by _id', async () => {
    const team = uniqueTeam();

    const put = await commandsOf(() => store.put(observation(team, '2025-W49')));
    const get = await commandsOf(() => store.get(team, '2025-W49'));

    expect(put.map((c) => c.commandName)).toEqual(['update']);
    expect(put[0]?.command.updates).toHaveLength(1);
    expect(put[0]?.command.updates?.[0]).toMatchObject({
      q: { _id: `2025-W49|${team}` },
      upsert: true,
    });
    expect(get.map((c) => (c.command as Document).filter)).toEqual([{ _id: `2025-W49|${team}` }]);
  });

  it('the server runs that find as an _id lookup, not a scan', async () => {
    const team = uniqueTeam();
    await store.put(observation(team, '2025-W49'));

    const explain = await client.db(database).command({
      explain: { find: 'observations', filter: { _id: `2025-W49|${team}` }, limit: 1 },
      verbosity: 'queryPlanner',
    });

    const serverInfo = (explain.serverInfo ?? {}) as Document;
    if (typeof serverInfo.ferretdbVersion === 'string') {
      // FerretDB 1.x: the `_id` equality is pushed down to its SQLite backend.
      expect(explain.filterPushdown).toBe(true);
    } else {
      expect(JSON.stringify(explain.queryPlanner?.winningPlan)).toMatch(/IDHACK|EXPRESS|_id_/);
    }
  });
});
