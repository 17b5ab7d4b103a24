/**
 * Event store benchmark (issue 2): appends and catch-up reading on SQLite and PostgreSQL, each
 * beside the raw driver doing the same work in the same run, and peak memory while catching up.
 *
 *   npm run bench:event-store -- [--stores sqlite,postgres] [--appends 20000] [--catchup 200000] [--rss 1000000]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Client, Pool } from 'pg';
import { createEventStore, type EventStore, type NewEvent } from '@asc/event-store';
import {
  concurrently,
  fmt,
  PG_ADMIN_URL,
  progressEvent,
  rate,
  rawReadLog,
  report,
} from './bench-support';

const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: 'sqlite,postgres' },
    appends: { type: 'string', default: '20000' },
    writers: { type: 'string', default: '16' },
    catchup: { type: 'string', default: '200000' },
    rss: { type: 'string', default: '1000000' },
  },
});
const APPENDS = Number(args.appends);
const WRITERS = Number(args.writers);
const CATCHUP = Number(args.catchup);
const RSS_EVENTS = Number(args.rss);
const PAGE = 5000;
const STREAMS_PER_WRITER = 50;

interface Target {
  name: 'sqlite' | 'postgres';
  open(): Promise<EventStore>;
  rawAppend(events: { stream: string; version: number; event: NewEvent }[]): Promise<number>;
  rawCatchUp(): Promise<number>;
  settings: Record<string, string>;
  cleanup(): Promise<void>;
}

async function main() {
  console.log(`event store benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `appends: ${fmt(APPENDS)} events, one per append with an expected version, ${WRITERS} writers`,
  );
  console.log(
    `catch-up: ${fmt(CATCHUP)} events in pages of ${PAGE}; peak RSS while catching up on ${fmt(RSS_EVENTS)}\n`,
  );
  let allOk = true;
  for (const name of args.stores!.split(',')) {
    const target = name === 'sqlite' ? await sqliteTarget() : await postgresTarget();
    try {
      allOk = (await runTarget(target)) && allOk;
    } finally {
      await target.cleanup();
    }
  }
  process.exitCode = allOk ? 0 : 1;
}

async function runTarget(t: Target): Promise<boolean> {
  console.log(`— ${t.name}`);
  const appendTarget = t.name === 'postgres' ? 0.7 : 0.5;

  // Appends through the engine: each writer owns its streams and knows their versions.
  let store = await t.open();
  const versions = new Map<string, number>();
  let start = performance.now();
  await concurrently(WRITERS, APPENDS, async (w, i) => {
    const stream = `action-bench-${w}-${i % STREAMS_PER_WRITER}`;
    const expected = versions.get(stream) ?? -1;
    await store.appendToStream(stream, [progressEvent(i)], { expectedVersion: expected });
    versions.set(stream, expected + 1);
  });
  const engineAppends = rate(APPENDS, performance.now() - start);

  const rows = Array.from({ length: APPENDS }, (_, i) => ({
    stream: `raw-${i % (WRITERS * STREAMS_PER_WRITER)}`,
    version: Math.floor(i / (WRITERS * STREAMS_PER_WRITER)),
    event: progressEvent(i),
  }));
  const rawAppends = await t.rawAppend(rows);
  const ok1 = report('appends', engineAppends, rawAppends, 'ev/s', appendTarget);

  // Fill the log up to CATCHUP events, in batches, then read it all back.
  const have = await store.headPosition();
  await fill(store, Math.max(0, CATCHUP - APPENDS));
  await store.close();
  store = await t.open();
  start = performance.now();
  let read = 0;
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1].position;
  }
  const engineRead = rate(read, performance.now() - start);
  await store.close();
  const rawRead = await t.rawCatchUp();
  const ok2 = report(`catch-up (${fmt(read)} events)`, engineRead, rawRead, 'ev/s', 0.6);
  if (have === 0 && read < CATCHUP) console.log(`  note: read ${read} events`);

  // Peak memory of a fresh process that catches up on RSS_EVENTS events.
  store = await t.open();
  await fill(store, Math.max(0, RSS_EVENTS - (await countEvents(store))));
  await store.close();
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, join(__dirname, 'catch-up-rss.ts'), t.name, JSON.stringify(t.settings)],
    { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { events, maxRssMb, baselineRssMb } = JSON.parse(out.trim().split('\n').pop()!);
  const ok3 = maxRssMb < 300;
  console.log(
    `${'peak RSS catching up'.padEnd(34)} ${fmt(events)} events: ${maxRssMb.toFixed(0)} MB (process at start ${baselineRssMb.toFixed(0)} MB; target < 300 MB) ${ok3 ? 'OK' : 'ABOVE TARGET'}\n`,
  );
  return ok1 && ok2 && ok3;
}

async function countEvents(store: EventStore): Promise<number> {
  return store.headPosition();
}

let fills = 0;

/** Adds `count` events in batches of 500, each batch a new stream (fresh names on every call). */
async function fill(store: EventStore, count: number): Promise<void> {
  const batch = 500;
  const prefix = `action-fill-${fills++}`;
  await concurrently(4, Math.ceil(count / batch), async (_w, i) => {
    const n = Math.min(batch, count - i * batch);
    const events = Array.from({ length: n }, (_, j) => progressEvent(i * batch + j));
    await store.appendToStream(`${prefix}-${i}`, events, { expectedVersion: 'no_stream' });
  });
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-es-'));
  const settings = { kind: 'sqlite', dataDir: dir };
  return {
    name: 'sqlite',
    settings,
    open: () => createEventStore({ kind: 'sqlite', dataDir: dir }),
    async rawAppend(rows) {
      const db = new Database(join(dir, 'raw.sqlite'));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(`CREATE TABLE raw (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT, version INTEGER,
               event_id TEXT, type TEXT, data TEXT, metadata TEXT, recorded_at TEXT)`);
      const insert = db.prepare(
        'INSERT INTO raw (stream_id, version, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const start = performance.now();
      await concurrently(WRITERS, rows.length, async (_w, i) => {
        const { stream, version, event } = rows[i];
        insert.run(
          stream,
          version,
          event.eventId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          new Date().toISOString(),
        );
      });
      const result = rate(rows.length, performance.now() - start);
      db.close();
      return result;
    },
    async rawCatchUp() {
      const start = performance.now();
      const read = await rawReadLog({ sqliteFile: join(dir, 'events.sqlite') }, PAGE);
      return rate(read, performance.now() - start);
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const database = `es_bench_${Date.now()}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const connectionString = url.toString();
  const settings = { kind: 'postgres', databaseUrl: connectionString };
  return {
    name: 'postgres',
    settings,
    open: () => createEventStore({ kind: 'postgres', dataDir: '', databaseUrl: connectionString }),
    async rawAppend(rows) {
      const pool = new Pool({ connectionString, max: WRITERS });
      await pool.query(`CREATE TABLE raw (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL,
        version int NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL, UNIQUE (stream_id, version))`);
      const start = performance.now();
      await concurrently(WRITERS, rows.length, async (_w, i) => {
        const { stream, version, event } = rows[i];
        await pool.query(
          'INSERT INTO raw (stream_id, version, event_id, type, data, metadata, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [stream, version, event.eventId, event.type, event.data, event.metadata, new Date()],
        );
      });
      const result = rate(rows.length, performance.now() - start);
      await pool.end();
      return result;
    },
    async rawCatchUp() {
      const start = performance.now();
      const read = await rawReadLog({ postgresUrl: connectionString }, PAGE);
      return rate(read, performance.now() - start);
    },
    async cleanup() {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
    },
  };
}

void main();
