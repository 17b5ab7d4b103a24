/**
 * Projection benchmark (issue 4): a generated, realistic log (plans × actions × ~100 events each),
 * then a full rebuild of every read model on SQLite and on PostgreSQL, beside the raw read + decode
 * of the same log in the same run, and the rebuild's peak RSS (in a fresh process).
 *
 *   npm run build && npm run bench:projections -- [--stores sqlite,postgres] [--plans 20] [--actions 500] [--events 100]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createEventStore, type EventStore, type EventStoreSettings } from '@asc/event-store';
import { fmt, PG_ADMIN_URL, rate, report } from '../event-store/bench-support';
import { generateRealisticLog } from './realistic-log';

const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: 'sqlite,postgres' },
    plans: { type: 'string', default: '20' },
    actions: { type: 'string', default: '500' },
    events: { type: 'string', default: '100' },
  },
});
const PLANS = Number(args.plans);
const ACTIONS = Number(args.actions);
const EVENTS = Number(args.events);

const generate = (store: EventStore) =>
  generateRealisticLog(store, { plans: PLANS, actions: ACTIONS, events: EVENTS });

function child(mode: 'rebuild' | 'raw', settings: EventStoreSettings & { readModelDir?: string }) {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, join(__dirname, 'rebuild-child.ts'), mode, JSON.stringify(settings)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as {
    events: number;
    ms: number;
    maxRssMb: number;
  };
}

async function main() {
  console.log(`projection benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(
    `log: ${PLANS} plans × ${ACTIONS} actions × ~${EVENTS} events = ~${fmt(PLANS * ACTIONS * EVENTS)} events\n`,
  );
  let ok = true;
  for (const kind of args.stores!.split(',')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-proj-'));
    let settings: EventStoreSettings;
    let database: string | undefined;
    if (kind === 'postgres') {
      database = `proj_bench_${Date.now()}`;
      const admin = new Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${database}`;
      settings = { kind: 'postgres', dataDir: dir, databaseUrl: url.toString() };
    } else settings = { kind: 'sqlite', dataDir: dir };
    try {
      const store = await createEventStore(settings);
      const started = performance.now();
      const head = await generate(store);
      await store.close();
      console.log(
        `— ${kind}: generated ${fmt(head)} events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
      const raw = child('raw', settings);
      const rebuilt = child('rebuild', settings);
      ok =
        report(
          'full rebuild',
          rate(rebuilt.events, rebuilt.ms),
          rate(raw.events, raw.ms),
          'ev/s',
          0.5,
        ) && ok;
      const rssOk = rebuilt.maxRssMb < 500;
      ok = ok && rssOk;
      console.log(
        `${'peak RSS during the rebuild'.padEnd(34)} ${rebuilt.maxRssMb.toFixed(0)} MB (target < 500 MB) ${rssOk ? 'OK' : 'ABOVE TARGET'}\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (database) {
        const admin = new Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.query(`DROP SCHEMA IF EXISTS rm CASCADE`).catch(() => undefined);
        await admin.end();
      }
    }
  }
  process.exitCode = ok ? 0 : 1;
}

void main();
