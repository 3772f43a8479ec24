/**
 * A second process for the embedded-store tests (run with support/register-ts.mjs):
 * - `open <dataDir>`: try to open the store; print {"opened":true} or {"error","message"}.
 * - `write <dataDir>`: write forever (review, decision, idempotency key per step) and print
 *   `ack <i> <reviewId>` after each step's writes have all resolved, until killed.
 */
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { at, decision, reviewRecord, sampleReview } from '../fixtures.js';

const [mode, dataDir] = process.argv.slice(2);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function tryOpen(dir: string): Promise<void> {
  try {
    const store = SqliteStore.open(dir, silent);
    print(JSON.stringify({ opened: true }));
    await store.close();
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    print(JSON.stringify({ error: name, message }));
  }
}

async function writeForever(dir: string): Promise<void> {
  const store = SqliteStore.open(dir, silent);
  print('ready');
  for (let i = 0; ; i++) {
    const review = sampleReview({ headline: `h${i}` });
    const reviewId = await store.reviews.save(reviewRecord('TDURABLE', at(i), { review }));
    await store.decisions.record(
      decision('TDURABLE', 'ack', at(i), { reviewId, recommendationKey: `k${i}` }),
    );
    await store.idempotency.remember(`k${i}`, at(i), 86_400_000);
    print(`ack ${i} ${reviewId}`);
  }
}

if (dataDir === undefined) {
  print(JSON.stringify({ error: 'Usage', message: 'sqlite-child.ts open|write <dataDir>' }));
} else if (mode === 'open') {
  await tryOpen(dataDir);
} else {
  await writeForever(dataDir);
}
