import Database from 'better-sqlite3';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@asc/event-store';

export const PG_ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A realistic event: an owner reports progress on an action. */
export function progressEvent(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ProgressReported',
    schemaVersion: 1,
    data: {
      percentComplete: i % 101,
      confidence: ['on-track', 'at-risk', 'off-track'][i % 3],
      note: `Recruitment campaign for the review team: ${i} interviews held, two offers accepted.`,
    },
    metadata: {
      actor: 'user-7f3a',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  };
}

export function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

export function report(
  label: string,
  ours: number,
  raw: number,
  unit: string,
  target: number,
): boolean {
  const ratio = ours / raw;
  const ok = ratio >= target;
  console.log(
    `${label.padEnd(34)} engine ${fmt(ours).padStart(9)} ${unit}   raw ${fmt(raw).padStart(9)} ${unit}   ratio ${ratio.toFixed(2)}×  (target ≥ ${target}×) ${ok ? 'OK' : 'BELOW TARGET'}`,
  );
  return ok;
}

/** Runs `work` on `writers` concurrent loops until `total` items are done. */
export async function concurrently(
  writers: number,
  total: number,
  work: (writer: number, i: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = next++; i < total; i = next++) await work(w, i);
    }),
  );
}

const RAW_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, recorded_at, hash';

/**
 * The raw baseline for reading the log: plain paged SELECT by position plus JSON.parse of data
 * and metadata, the same work a store's readAll does, without the store. Returns events read.
 */
export async function rawReadLog(
  source: { sqliteFile: string } | { postgresUrl: string },
  pageSize = 5000,
): Promise<number> {
  let read = 0;
  if ('sqliteFile' in source) {
    const db = new Database(source.sqliteFile, { readonly: true });
    const select = db.prepare(
      `SELECT ${RAW_COLUMNS}, data, metadata FROM es_events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    for (let after = 0; ;) {
      const rows = select.all(after, pageSize) as {
        position: number;
        data: string;
        metadata: string;
      }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      read += rows.length;
      after = rows[rows.length - 1].position;
    }
    db.close();
    return read;
  }
  const client = new Client({ connectionString: source.postgresUrl });
  await client.connect();
  try {
    for (let after = 0; ;) {
      const { rows } = await client.query(
        `SELECT ${RAW_COLUMNS}, data::text AS data, metadata::text AS metadata FROM es_events WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, pageSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      read += rows.length;
      after = Number(rows[rows.length - 1].position);
    }
  } finally {
    await client.end();
  }
  return read;
}
