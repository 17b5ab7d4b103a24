/**
 * Projection benchmark (issue 4): a generated, realistic log (plans × actions × ~100 events each),
 * then a full rebuild of every read model on SQLite and on PostgreSQL, beside the raw read + decode
 * of the same log in the same run, and the rebuild's peak RSS (in a fresh process).
 *
 *   npm run build && npm run bench:projections -- [--stores sqlite,postgres] [--plans 20] [--actions 500] [--events 100]
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  createEventStore,
  type EventStore,
  type EventStoreSettings,
  type NewEvent,
} from '@asc/event-store';
import { concurrently, fmt, PG_ADMIN_URL, rate, report } from '../event-store/bench-support';

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

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: 'bench',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  },
});

/** An action's life: raised, owned, dated, then reports, re-plans, evidence and reminders. */
function actionLife(planId: string, actionId: string, i: number): NewEvent[] {
  let due = '2025-06-30';
  const events = [
    event('ActionRaised', {
      actionId,
      planId,
      ref: `A-${i}`,
      title: `Action ${i}`,
      description: 'Improve the service',
      qualityStatement: `QS${(i % 9) + 1}`,
      priority: i % 5 === 0 ? 'high' : 'medium',
      source: { kind: 'self-assessment', reference: `line ${i}` },
    }),
    event('OwnerAssigned', {
      owner: {
        id: `owner-${i % 40}`,
        name: `Owner ${i % 40}`,
        email: `owner${i % 40}@council.example`,
      },
      previousOwnerId: null,
    }),
    event('DueDateSet', { dueDate: due, previousDueDate: null, reason: null }),
  ];
  for (let n = 3; n < EVENTS; n++) {
    if (n % 25 === 0) {
      const next = `2025-${String(7 + (n % 5)).padStart(2, '0')}-30`;
      events.push(
        event('DueDateSet', { dueDate: next, previousDueDate: due, reason: 'Recruitment delayed' }),
      );
      due = next;
    } else if (n % 10 === 0) {
      events.push(
        event('EvidenceAdded', {
          title: `Evidence ${n}`,
          uri: `https://sharepoint.example/${i}/${n}`,
          sha256: null,
        }),
      );
    } else if (n % 7 === 0) {
      events.push(
        event('ReminderSent', {
          kind: 'due-soon',
          dueDate: due,
          sequence: n,
          channel: 'email',
          recipient: `owner${i % 40}@council.example`,
        }),
      );
    } else {
      events.push(
        event('ProgressReported', {
          percentComplete: Math.min(95, n),
          confidence: n % 3 === 0 ? 'at-risk' : 'on-track',
          note: `Weekly update ${n}: two posts filled, backlog down by ${n % 17}.`,
        }),
      );
    }
  }
  return events;
}

async function generate(store: EventStore): Promise<number> {
  for (let p = 0; p < PLANS; p++) {
    const planId = randomUUID();
    await store.appendToStream(
      `plan-${planId}`,
      [
        event('PlanCreated', {
          planId,
          authority: `Council ${p}`,
          title: 'ASC plan',
          period: null,
        }),
      ],
      { expectedVersion: 'no_stream' },
    );
    await concurrently(8, ACTIONS, async (_w, a) => {
      const actionId = randomUUID();
      const life = actionLife(planId, actionId, p * ACTIONS + a);
      for (let k = 0; k < life.length; k += 50) {
        await store.appendToStream(`action-${actionId}`, life.slice(k, k + 50), {
          expectedVersion: k === 0 ? 'no_stream' : k - 1,
        });
      }
    });
  }
  return store.headPosition();
}

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
