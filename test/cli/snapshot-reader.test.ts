import { describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/metrics/errors.js';
import { parseSnapshotJson, readSnapshotFile } from '../../src/metrics/snapshot-reader.js';
import { SEED_WEEK, tempDir } from './cli-harness.js';

function snapshotErrorOf(fn: () => unknown): SnapshotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotError');
}

async function rejectedSnapshotError(promise: Promise<unknown>): Promise<SnapshotError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof SnapshotError) return error;
  throw new Error(`expected a SnapshotError, got ${String(error)}`);
}

describe('parseSnapshotJson', () => {
  it('reads every key', () => {
    // Arrange
    const text = JSON.stringify({
      cpuPercent: 72,
      memoryPercent: 68,
      dbConnections: 78,
      dbMaxConnections: 100,
      responseTimeP95Ms: 450,
      errorRatePercent: 0.1,
      dbSizeMb: 300,
      conversationsPerMonth: 800,
      capturedAt: '2026-11-30T09:00:00Z',
    });

    // Act
    const snapshot = parseSnapshotJson(text, 'x.json');

    // Assert
    expect(snapshot).toMatchObject({ cpuPercent: 72, conversationsPerMonth: 800 });
  });

  it('accepts an empty object and a byte-order mark', () => {
    // Act
    const snapshot = parseSnapshotJson('\ufeff{}', 'x.json');

    // Assert
    expect(snapshot).toEqual({});
  });

  it.each([
    [
      '{"cpu_percent": 72}',
      'examples/x.json: unknown key `cpu_percent` (did you mean `cpuPercent`?)',
    ],
    ['{"disk": 1}', 'examples/x.json: unknown key `disk`'],
    ['{"cpuPercent": -1}', 'examples/x.json: cpuPercent must not be negative'],
    ['{"cpuPercent": "72"}', 'examples/x.json: cpuPercent must be a number'],
    ['{"cpuPercent": 172}', 'examples/x.json: cpuPercent must be at most 100'],
    ['{"dbMaxConnections": 0}', 'examples/x.json: dbMaxConnections must be greater than 0'],
    ['{"capturedAt": "yesterday"}', 'examples/x.json: capturedAt must be an ISO 8601 date-time'],
    ['[1, 2]', 'examples/x.json: expected a JSON object of metrics, got an array'],
    ['null', 'examples/x.json: expected a JSON object of metrics, got null'],
    ['72', 'examples/x.json: expected a JSON object of metrics, got a number'],
    ['', 'examples/x.json: empty; expected a JSON object of metrics'],
  ])('refuses %j', (text, message) => {
    // Act
    const error = snapshotErrorOf(() => parseSnapshotJson(text, 'examples/x.json'));

    // Assert
    expect(error.message).toBe(message);
    expect(error.origin).toBe('examples/x.json');
  });

  it('says the JSON is invalid, in one line', () => {
    // Act
    const error = snapshotErrorOf(() => parseSnapshotJson('{"cpuPercent": 72,', 'x.json'));

    // Assert
    expect(error.message).toMatch(/^x\.json: invalid JSON \(.+\)$/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('readSnapshotFile', () => {
  it('reads examples/seed-week.json', async () => {
    // Act
    const snapshot = await readSnapshotFile(SEED_WEEK);

    // Assert
    expect(snapshot).toEqual({
      cpuPercent: 72,
      memoryPercent: 68,
      dbConnections: 78,
      dbMaxConnections: 100,
      responseTimeP95Ms: 450,
      errorRatePercent: 0.1,
      dbSizeMb: 200,
      conversationsPerMonth: 300,
    });
  });

  it('reads stdin for -', async () => {
    // Act
    const snapshot = await readSnapshotFile('-', {
      readStdin: () => Promise.resolve('{"cpuPercent": 5}'),
    });

    // Assert
    expect(snapshot).toEqual({ cpuPercent: 5 });
  });

  it('names stdin as the origin of a bad snapshot', async () => {
    // Act
    const error = await rejectedSnapshotError(
      readSnapshotFile('-', { readStdin: () => Promise.resolve('{"x": 1}') }),
    );

    // Assert
    expect(error.message).toBe('stdin: unknown key `x`');
  });

  it('resolves a relative path against cwd and names it as given', async () => {
    // Arrange
    const dir = tempDir({ 'm.json': '{"memoryPercent": 50}', 'bad.json': '{"memoryPercent": -5}' });

    // Act
    const snapshot = await readSnapshotFile('m.json', { cwd: dir.dir });
    const error = await rejectedSnapshotError(readSnapshotFile('bad.json', { cwd: dir.dir }));
    dir.cleanup();

    // Assert
    expect(snapshot).toEqual({ memoryPercent: 50 });
    expect(error.message).toBe('bad.json: memoryPercent must not be negative');
  });

  it.each([
    ['./nope.json', 'metrics file not found: ./nope.json'],
    ['/', 'metrics file is a directory: /'],
  ])('refuses %j naming the path', async (path, message) => {
    // Act
    const error = await rejectedSnapshotError(readSnapshotFile(path));

    // Assert
    expect(error.message).toBe(message);
  });

  it('refuses a file over 1 MB', async () => {
    // Arrange
    const dir = tempDir({ 'big.json': `{"cpuPercent": 1${' '.repeat(1024 * 1024)}}` });

    // Act
    const error = await rejectedSnapshotError(readSnapshotFile('big.json', { cwd: dir.dir }));
    dir.cleanup();

    // Assert
    expect(error.message).toMatch(
      /^metrics file is too large: big\.json \(\d+ bytes; the limit is 1048576\)$/,
    );
  });
});
