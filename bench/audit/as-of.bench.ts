/**
 * As-of benchmark (issue 6, item 7): on a generated realistic log in SQLite, an action as of a
 * random moment (streams of `--long-events` events) and a board report as of a random moment on
 * a plan of `--actions` actions × `--events` events, both from snapshots, beside the raw read and
 * decode of the same data in the same run (a plain SELECT plus JSON.parse).
 *
 * The report runs twice: with the engine's snapshots (kept every 25 events and where a stream
 * rests), and with snapshots every 25 events only, which is what it reads when every action is
 * in the middle of a burst of updates at the moment asked (the worst case: every action reads a
 * tail). The second set is built in `read-models-busy.sqlite` beside the first.
 *
 *   npx tsx bench/audit/as-of.bench.ts [--actions 10000] [--events 100] [--long-actions 200] [--long-events 500]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { buildBoardReport } from '@asc/board-report';
import { evolvePlan, initialPlanState, isCreated, type PlanEvent } from '@asc/domain';
import { SqliteEventStore } from '@asc/event-store';
import {
  ActionSnapshotProjection,
  ReadModels,
  SNAPSHOT_EVERY,
  SNAPSHOT_REST,
  SqliteReadModelDatabase,
} from '@asc/read-models';
import { fmt, rawReadLog } from '../event-store/bench-support';
import { generateRealisticLog } from '../projections/realistic-log';

const { values: args } = parseArgs({
  options: {
    actions: { type: 'string', default: '10000' },
    events: { type: 'string', default: '100' },
    'long-actions': { type: 'string', default: '200' },
    'long-events': { type: 'string', default: '500' },
    samples: { type: 'string', default: '1000' },
    reports: { type: 'string', default: '10' },
    /** Keep the generated log and snapshots here, and reuse them when they are already there. */
    dir: { type: 'string' },
  },
});
const ACTIONS = Number(args.actions);
const EVENTS = Number(args.events);
const LONG_ACTIONS = Number(args['long-actions']);
const LONG_EVENTS = Number(args['long-events']);
const SAMPLES = Number(args.samples);
const REPORTS = Number(args.reports);

const INTERLEAVE = 12;
const START_MS = Date.parse('2025-04-01T08:00:00.000Z');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'as-of-bench-'));
  const reuse = args.dir !== undefined && existsSync(join(dir, 'events.sqlite'));
  const eventsFile = join(dir, 'events.sqlite');
  // Each append is stamped 20 s after the previous one: the log spans months, not seconds.
  let appends = 0;
  const store = SqliteEventStore.open({
    filename: eventsFile,
    clock: () => new Date(START_MS + appends++ * 20_000),
  });
  const db = SqliteReadModelDatabase.open({ filename: join(dir, 'read-models.sqlite') });
  const readModels = new ReadModels(db, store, { projections: [new ActionSnapshotProjection()] });
  const busyDb = SqliteReadModelDatabase.open({ filename: join(dir, 'read-models-busy.sqlite') });
  const NEVER_RESTS = { afterMs: Number.POSITIVE_INFINITY, every: Number.POSITIVE_INFINITY };
  const busyModels = new ReadModels(busyDb, store, {
    projections: [new ActionSnapshotProjection(SNAPSHOT_EVERY, undefined, NEVER_RESTS)],
  });
  try {
    let started = performance.now();
    const plans: string[] = [];
    let longStartMs: number;
    let endMs: number;
    let head: number;
    if (reuse) {
      const kept = new Database(eventsFile, { readonly: true });
      const planRows = kept
        .prepare(
          "SELECT stream_id, recorded_at FROM es_events WHERE type = 'PlanCreated' ORDER BY position",
        )
        .all() as { stream_id: string; recorded_at: string }[];
      plans.push(...planRows.map((r) => r.stream_id.slice('plan-'.length)));
      longStartMs = Date.parse(planRows[1].recorded_at);
      const last = kept
        .prepare('SELECT max(position) AS head, max(recorded_at) AS at FROM es_events')
        .get() as {
        head: number;
        at: string;
      };
      head = last.head;
      endMs = Date.parse(last.at) + 20_000;
      kept.close();
      started = performance.now();
      await readModels.catchUp();
      await busyModels.catchUp();
      console.log(
        `reusing the log in ${dir}: ${fmt(head)} events; snapshots caught up in ` +
          `${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    } else {
      // Interleaved in rounds of 12 events: at any moment every action is part-way through its
      // life and most sit between two snapshots, so each report and each action reads its tail.
      await generateRealisticLog(
        store,
        { plans: 1, actions: ACTIONS, events: EVENTS, interleave: INTERLEAVE },
        (id) => plans.push(id),
      );
      longStartMs = START_MS + appends * 20_000;
      await generateRealisticLog(
        store,
        { plans: 1, actions: LONG_ACTIONS, events: LONG_EVENTS, interleave: INTERLEAVE },
        (id) => plans.push(id),
      );
      head = await store.headPosition();
      endMs = START_MS + appends * 20_000;
      console.log(
        `generated ${fmt(head)} events in ${((performance.now() - started) / 1000).toFixed(0)} s: ` +
          `${fmt(ACTIONS)} actions × ${EVENTS} events, and ${fmt(LONG_ACTIONS)} × ${LONG_EVENTS}`,
      );
      started = performance.now();
      await readModels.catchUp();
      console.log(`snapshots built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      await busyModels.catchUp();
    }
    for (const [label, d] of [
      [
        `every ${SNAPSHOT_EVERY} events and where a stream rests (${SNAPSHOT_REST.afterMs / 60_000} min, ${SNAPSHOT_REST.every} events since), plus each head`,
        db,
      ],
      [`every ${SNAPSHOT_EVERY} events only, plus each head`, busyDb],
    ] as const) {
      const [{ rows, bytes }] = await d.query<{ rows: number; bytes: number }>(
        'SELECT count(*) AS rows, sum(length(fold)) AS bytes FROM action_snapshots',
      );
      console.log(`snapshots ${label}: ${fmt(rows)} rows, ${fmt(bytes / 1e6)} MB`);
    }
    const [bigPlan, longPlan] = plans;
    const raw = new Database(eventsFile, { readonly: true });
    const longIds = raw
      .prepare(
        "SELECT stream_id FROM es_events WHERE type = 'ActionRaised' AND json_extract(data, '$.planId') = ?",
      )
      .pluck()
      .all(longPlan) as string[];
    const rawStream = raw.prepare(
      'SELECT position, stream_id, version, event_id, type, schema_version, recorded_at, hash, data, metadata FROM es_events WHERE stream_id = ? AND recorded_at <= ? ORDER BY version',
    );
    // Moments in the long streams' own span.
    const randomMoment = () =>
      new Date(longStartMs + Math.random() * (endMs - longStartMs)).toISOString();

    // One action as of a moment: snapshots vs the raw read of the same stream up to it.
    const ours: number[] = [];
    const baseline: number[] = [];
    const replayed: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const stream = longIds[i % longIds.length];
      const actionId = stream.slice('action-'.length);
      const asOf = randomMoment();
      let t = performance.now();
      for (const row of rawStream.all(stream, asOf) as { data: string; metadata: string }[]) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      baseline.push(performance.now() - t);
      t = performance.now();
      await readModels.asOf.action(actionId, asOf);
      ours.push(performance.now() - t);
      t = performance.now();
      await store.readStream(stream, { until: asOf });
      replayed.push(performance.now() - t);
    }
    for (const a of [ours, baseline, replayed]) a.sort((x, y) => x - y);
    const line = (label: string, a: number[]) =>
      `${label.padEnd(44)} p50 ${percentile(a, 50).toFixed(2).padStart(6)} ms   p99 ${percentile(a, 99).toFixed(2).padStart(6)} ms`;
    console.log(`\naction as of a random moment, ${LONG_EVENTS}-event streams, ${SAMPLES} samples`);
    console.log(line('engine (snapshot + tail, folded)', ours));
    console.log(line('raw SELECT of the stream up to it + decode', baseline));
    console.log(line('store readStream up to it (no fold)', replayed));
    console.log(
      `ratio engine/raw: p50 ${(percentile(ours, 50) / percentile(baseline, 50)).toFixed(2)}×, ` +
        `p99 ${(percentile(ours, 99) / percentile(baseline, 99)).toFixed(2)}×   ` +
        `target p99 < 20 ms: ${percentile(ours, 99) < 20 ? 'OK' : 'MISSED'}`,
    );

    // The board report as of a moment on the big plan, vs the raw read + decode of the whole log.
    let t = performance.now();
    const rawEvents = await rawReadLog({ sqliteFile: eventsFile });
    const rawMs = performance.now() - t;
    const reportsAsOf = async (models: ReadModels, title: string) => {
      const reports: number[] = [];
      const tailEvents: number[] = [];
      const reads: number[] = [];
      for (let i = 0; i < REPORTS; i++) {
        // Moments in the plan's own span (its actions were appended in the first part of the log).
        const asOf = new Date(
          START_MS + ((i + 1) / (REPORTS + 1)) * (longStartMs - START_MS),
        ).toISOString();
        t = performance.now();
        const planEvents = await store.readStream(`plan-${bigPlan}`, { until: asOf });
        const plan = planEvents.reduce(
          (p, e) => evolvePlan(p, { type: e.type, data: e.data } as unknown as PlanEvent),
          initialPlanState,
        );
        if (!isCreated(plan)) throw new Error('plan not created');
        const readStarted = performance.now();
        const actions = await models.asOf.planActions(bigPlan, asOf);
        reads.push(performance.now() - readStarted);
        const report = buildBoardReport({ plan, boardId: 'qapi-board', asOf, actions });
        reports.push(performance.now() - t);
        tailEvents.push(actions.reduce((sum, a) => sum + a.events.length, 0));
        if (i === 0 || i === REPORTS - 1) {
          console.log(
            `  report as of ${asOf}: ${fmt(report.actionCount)} actions, ` +
              `${fmt(tailEvents[i])} events read past their snapshots`,
          );
        }
      }
      reports.sort((x, y) => x - y);
      const worst = reports[reports.length - 1];
      console.log(
        `\nboard report as of a moment, ${fmt(ACTIONS)} actions, ${fmt(head)} events in the log: ${title}`,
      );
      console.log(
        `engine (snapshots + tails + build)  median ${fmt(percentile(reports, 50))} ms   worst ${fmt(worst)} ms`,
      );
      reads.sort((x, y) => x - y);
      console.log(
        `  of which snapshots and tails read  median ${fmt(percentile(reads, 50))} ms   worst ${fmt(reads[reads.length - 1])} ms`,
      );
      console.log(
        `raw read + decode of the whole log  ${fmt(rawMs)} ms (${fmt(rawEvents)} events)`,
      );
      console.log(
        `ratio engine/raw: median ${(percentile(reports, 50) / rawMs).toFixed(2)}×, worst ${(worst / rawMs).toFixed(2)}×   ` +
          `target < 2 s: ${worst < 2000 ? 'OK' : 'MISSED'}`,
      );
    };
    await reportsAsOf(readModels, 'the engine’s snapshots');
    await reportsAsOf(
      busyModels,
      'worst case, every action mid-burst (snapshots every 25 events only)',
    );
    raw.close();
  } finally {
    await db.close();
    await busyDb.close();
    await store.close();
    if (!args.dir) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
