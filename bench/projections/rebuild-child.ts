/** Child of projections.bench.ts: a full rebuild, or the raw read + decode of the same log. */
import { join } from 'node:path';
import { createEventStore, type EventStoreSettings } from '@asc/event-store';
import { createReadModelDatabase, ReadModels } from '@asc/read-models';
import { rawReadLog } from '../event-store/bench-support';

function raw(settings: EventStoreSettings): Promise<number> {
  return rawReadLog(
    settings.kind === 'sqlite'
      ? { sqliteFile: join(settings.dataDir, 'events.sqlite') }
      : { postgresUrl: settings.databaseUrl! },
  );
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
