/** Child of projections.bench.ts: a full rebuild, or the raw read + decode of the same log. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { createEventStore, type EventStoreSettings } from '@asc/event-store';
import { createReadModelDatabase, ReadModels } from '@asc/read-models';

const PAGE = 5000;

async function raw(settings: EventStoreSettings): Promise<number> {
  let read = 0;
  if (settings.kind === 'sqlite') {
    const db = new Database(join(settings.dataDir, 'events.sqlite'), { readonly: true });
    const select = db.prepare(
      'SELECT position, stream_id, version, type, data, metadata, recorded_at FROM es_events WHERE position > ? ORDER BY position LIMIT ?',
    );
    for (let after = 0; ;) {
      const rows = select.all(after, PAGE) as {
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
  const client = new Client({ connectionString: settings.databaseUrl });
  await client.connect();
  for (let after = 0; ;) {
    const { rows } = await client.query(
      'SELECT position, stream_id, version, type, data::text AS data, metadata::text AS metadata, recorded_at FROM es_events WHERE position > $1 ORDER BY position LIMIT $2',
      [after, PAGE],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    read += rows.length;
    after = Number(rows[rows.length - 1].position);
  }
  await client.end();
  return read;
}

async function rebuild(settings: EventStoreSettings): Promise<number> {
  const store = await createEventStore(settings);
  const db = await createReadModelDatabase({
    eventStore: settings.kind,
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
  });
  const readModels = new ReadModels(db, store);
  await readModels.rebuild();
  const head = await store.headPosition();
  await db.close();
  await store.close();
  return head;
}

async function main() {
  const [, , mode, json] = process.argv;
  const settings = JSON.parse(json) as EventStoreSettings;
  const started = performance.now();
  const events = mode === 'raw' ? await raw(settings) : await rebuild(settings);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ events, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

void main();
