import type { PoolClient, QueryArrayConfig, QueryArrayResult } from 'pg';
import { z } from 'zod';
import { placeholderCount } from './config.js';

/**
 * Running one query safely, and reading its answer (zod at the boundary):
 * - every query runs in its own READ ONLY transaction with `SET LOCAL statement_timeout`, so a
 *   configured query can neither write nor run away, and a failing one aborts only itself;
 * - always the extended protocol (one statement: no `SELECT 1; DROP …`), rows as arrays;
 * - a scalar query must return exactly one row with one numeric column; NULL means no data.
 */

export class QueryShapeError extends Error {
  override readonly name = 'QueryShapeError';
}

const numericCell = z.union([
  z.number().finite(),
  z.bigint().transform((v) => Number(v)),
  z
    .string()
    .trim()
    .regex(/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/)
    .transform(Number),
]);

function describeCell(cell: unknown): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'string') return `the text ${JSON.stringify(cell.slice(0, 40))}`;
  if (cell instanceof Date) return 'a timestamp';
  return `a ${typeof cell}`;
}

/** One numeric value, or null for a NULL (no data in the window). */
export function readScalar(query: string, result: Pick<QueryArrayResult, 'rows'>): number | null {
  const { rows } = result;
  const shape = `query ${query} must return one row with one numeric column`;
  if (rows.length !== 1) throw new QueryShapeError(`${shape}; it returned ${rows.length} rows`);
  const row = rows[0] ?? [];
  if (row.length !== 1) throw new QueryShapeError(`${shape}; it returned ${row.length} columns`);
  const cell: unknown = row[0];
  if (cell === null) return null;
  const parsed = numericCell.safeParse(cell);
  if (!parsed.success || !Number.isFinite(parsed.data)) {
    throw new QueryShapeError(`${shape}; it returned ${describeCell(cell)}`);
  }
  return parsed.data;
}

const dayCell = z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]);

/** Rows of (day, value): the daily series, ascending by day. */
export function readDailySeries(
  query: string,
  result: Pick<QueryArrayResult, 'rows'>,
): { timestamps: string[]; values: number[] } {
  const timestamps: string[] = [];
  const values: number[] = [];
  const shape = `query ${query} must return rows of (day, numeric value)`;
  for (const row of result.rows) {
    const day = dayCell.safeParse(row[0]);
    const value = numericCell.safeParse(row[1]);
    if (row.length !== 2 || !day.success || !value.success) {
      throw new QueryShapeError(`${shape}; a row was (${row.map(describeCell).join(', ')})`);
    }
    const at = day.data instanceof Date ? day.data : new Date(day.data);
    timestamps.push(at.toISOString());
    values.push(value.data);
  }
  const order = timestamps
    .map((t, i) => ({ t, v: values[i] ?? 0 }))
    .sort((a, b) => a.t.localeCompare(b.t));
  return { timestamps: order.map((p) => p.t), values: order.map((p) => p.v) };
}

export interface Period {
  start: Date;
  end: Date;
}

/**
 * One statement in a READ ONLY transaction with the timeout, rolled back on any error.
 * `$1` and `$2` receive the period's start and end when the query uses them.
 */
export async function runReadOnly(
  client: PoolClient,
  sql: string,
  period: Period,
  statementTimeoutMs: number,
): Promise<QueryArrayResult> {
  const values = [period.start.toISOString(), period.end.toISOString()].slice(
    0,
    placeholderCount(sql),
  );
  const config: QueryArrayConfig & { queryMode: 'extended' } = {
    text: sql,
    values,
    rowMode: 'array',
    queryMode: 'extended',
  };
  await client.query(
    `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`,
  );
  try {
    const result = await client.query(config);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
