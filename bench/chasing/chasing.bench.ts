/**
 * The chaser's benchmark (issue 5): three measurements, each beside a raw BullMQ baseline run in
 * the same invocation, on a redis-server of its own (it flushes it) and SQLite in temp folders.
 *
 * 1. Scheduling: the reactor turns a log of N open actions (3 events each, default policy, due
 *    dates spread over a year) into delayed jobs, through its real path (checkpointed subscription
 *    over the SQLite store, each action's state folded from its stream, addBulk per batch); beside
 *    Queue.addBulk of the same jobs. Target ≥ 0.5×.
 * 2. Lateness: M reminders due at the same moment, delivered by the chaser in its own process to
 *    an SMTP server on loopback; lateness = SMTP acceptance − due moment (and ReminderSent's
 *    recordedAt − due moment); beside a plain BullMQ worker's lateness on M no-op delayed jobs due
 *    at one moment, same concurrency. Target p99 ≤ 2 s.
 * 3. Reconciliation after FLUSHALL: every job of the N actions re-created from the read models;
 *    beside addBulk of the same jobs. Target < 60 s.
 *
 * Environment: CHASING_BENCH_ACTIONS (100000), CHASING_BENCH_DUE (10000), CHASING_BENCH_REPEATS
 * (3), CHASING_BENCH_LATENESS_REPEATS (2), CHASING_BENCH_CONCURRENCY (`32`, the engine's default;
 * a list such as `8,32` runs the lateness part at each),
 * CHASING_BENCH_PARTS (`schedule,lateness,reconcile`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, dueDateStartsMs } from '@asc/domain';
import { createEventStore } from '@asc/event-store';
import {
  DUE_DATE_ONLY_POLICY,
  type OwnRedis,
  recordedReminders,
  SWC_REGISTER,
  seedChasingLog,
  spawnChasingWorker,
  startOwnRedis,
  until,
} from '../../test/support/chasing-process-support';
import { startSmtpCapture } from '../../test/support/smtp-capture-server';

const ACTIONS = Number(process.env.CHASING_BENCH_ACTIONS ?? 100_000);
const DUE_AT_ONCE = Number(process.env.CHASING_BENCH_DUE ?? 10_000);
const REPEATS = Number(process.env.CHASING_BENCH_REPEATS ?? 3);
const LATENESS_REPEATS = Number(process.env.CHASING_BENCH_LATENESS_REPEATS ?? 2);
const CONCURRENCIES = (process.env.CHASING_BENCH_CONCURRENCY ?? '32').split(',').map(Number);
const PARTS = (process.env.CHASING_BENCH_PARTS ?? 'schedule,lateness,reconcile').split(',');
const CHILD = join(__dirname, 'chasing-bench.child.ts');

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function runChild(args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', SWC_REGISTER, CHILD, ...args], {
      env: { ...process.env, EVENT_STORE: 'sqlite', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as Record<string, unknown>);
      else reject(new Error(`bench child ${args[0]} exited ${code}: ${out.slice(-500)}`));
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] as number };
};
const spread = (xs: number[]) => `${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)}`;

async function seedMany(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chasing-bench-'));
  const started = Date.now();
  // Due dates over a year from next spring: every first wake-up (7 days before) is in the future.
  // No BoardConfigured: with the register already built, a plan event at the head of the log
  // would make the reactor schedule every action of the plan once more (measured apart).
  const { head } = await seedChasingLog(dataDir, {
    actions: ACTIONS,
    boards: false,
    dueDate: (i) => addDays('2027-04-01', i % 365),
  });
  console.log(
    `seeded ${fmt(ACTIONS)} open actions (${fmt(head)} events) in ${fmt((Date.now() - started) / 1000, 1)} s`,
  );
  return dataDir;
}

async function schedulingPart(
  mode: 'schedule' | 'reconcile',
  dataDir: string,
  redis: OwnRedis,
): Promise<void> {
  const title =
    mode === 'schedule'
      ? `1. Scheduling ${fmt(ACTIONS)} open actions: reactor vs raw addBulk of the same jobs`
      : `3. Reconciliation of ${fmt(ACTIONS)} actions after FLUSHALL vs raw addBulk of the same jobs`;
  console.log(`\n${title}`);
  const ratios: number[] = [];
  const engineMs: number[] = [];
  for (let r = 1; r <= REPEATS; r++) {
    const res = await runChild([mode], {
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      BULLMQ_PREFIX: `bench-${mode}`,
    });
    const jobs = res.jobs as number;
    const e = res.engineMs as number;
    const raw = res.rawMs as number;
    const ratio = raw / e;
    ratios.push(ratio);
    engineMs.push(e);
    console.log(
      `  run ${r}: engine ${fmt(jobs)} jobs in ${fmt(e / 1000, 2)} s = ${fmt((jobs / e) * 1000)} jobs/s` +
        ` | raw addBulk ${fmt(raw / 1000, 2)} s = ${fmt((jobs / raw) * 1000)} jobs/s | ratio ${fmt(ratio, 2)}×` +
        ` | in Redis: ${fmt(res.jobsInRedis as number)} engine, ${fmt(res.rawJobs as number)} raw` +
        (mode === 'reconcile'
          ? ` | report ${JSON.stringify({ actions: res.actions, expected: res.expected, added: res.added, replaced: res.replaced })}`
          : ` | ${fmt(res.events as number)} events read`),
    );
  }
  const target = mode === 'schedule' ? 'target ≥ 0.5×' : 'target < 60 s';
  console.log(
    `  => ratio ${spread(ratios)}× over ${REPEATS} runs; engine ${spread(engineMs.map((m) => m / 1000))} s (${target})`,
  );
}

async function latenessPart(redis: OwnRedis, concurrency: number): Promise<void> {
  console.log(
    `\n2. Lateness: ${fmt(DUE_AT_ONCE)} reminders due at one moment, CHASER_CONCURRENCY=${concurrency}, SMTP on loopback`,
  );
  const due = '2031-01-15';
  for (let r = 1; r <= LATENESS_REPEATS; r++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'chasing-late-'));
    const client = redis.client();
    await client.flushall();
    const smtp = await startSmtpCapture();
    try {
      await seedChasingLog(dataDir, {
        actions: DUE_AT_ONCE,
        dueDate: () => due,
        policy: DUE_DATE_ONLY_POLICY,
      });
      // Due 30 s after the start: time for the reactor to schedule every job before they fall due.
      const dueAt = Date.now() + 30_000;
      const offset = dueDateStartsMs(due) - dueAt;
      const worker = await spawnChasingWorker({
        DATA_DIR: dataDir,
        REDIS_URL: redis.url,
        SMTP_URL: smtp.url,
        BULLMQ_PREFIX: 'late',
        CLOCK_OFFSET_MS: String(offset),
        CHASER_CONCURRENCY: String(concurrency),
      });
      await new Promise((res) => setTimeout(res, Math.max(0, dueAt - 1_000 - Date.now())));
      const scheduled = await client.zcard('late:chase:delayed');
      await until(
        () => smtp.mails.length,
        (n) => n >= DUE_AT_ONCE,
        15 * 60_000,
        250,
      );
      const store = await createEventStore({ kind: 'sqlite', dataDir });
      const recorded = await until(
        () => recordedReminders(store),
        (x) => x.length >= DUE_AT_ONCE,
        60_000,
        500,
      );
      await store.close();
      await worker.kill('SIGTERM');
      const sent = summary(smtp.mails.map((m) => m.acceptedAt - dueAt));
      const rec = summary(recorded.map((x) => x.recordedAt - dueAt));
      const raw = await runChild(
        ['raw-lateness', String(DUE_AT_ONCE), '10000', String(concurrency)],
        {
          REDIS_URL: redis.url,
        },
      );
      const base = summary(raw.late as number[]);
      const rawSmtp = await startSmtpCapture();
      let delivered: ReturnType<typeof summary>;
      try {
        const rawDelivery = await runChild(
          ['raw-delivery', String(DUE_AT_ONCE), '10000', String(concurrency)],
          { REDIS_URL: redis.url, SMTP_URL: rawSmtp.url },
        );
        delivered = summary(rawSmtp.mails.map((m) => m.acceptedAt - Number(rawDelivery.dueAt)));
      } finally {
        await rawSmtp.close();
      }
      console.log(
        `  run ${r}: ${fmt(scheduled)} jobs delayed 1 s before the moment; ${fmt(smtp.mails.length)} messages` +
          `\n    engine, SMTP accepted:   p50 ${fmt(sent.p50)} ms  p99 ${fmt(sent.p99)} ms  max ${fmt(sent.max)} ms` +
          `\n    engine, ReminderSent:    p50 ${fmt(rec.p50)} ms  p99 ${fmt(rec.p99)} ms  max ${fmt(rec.max)} ms` +
          `\n    raw BullMQ no-op worker: p50 ${fmt(base.p50)} ms  p99 ${fmt(base.p99)} ms  max ${fmt(base.max)} ms` +
          `\n    raw BullMQ + nodemailer: p50 ${fmt(delivered.p50)} ms  p99 ${fmt(delivered.p99)} ms  max ${fmt(delivered.max)} ms  (the same delivery without the engine)` +
          `\n    ratio (engine/raw no-op): p50 ${fmt(sent.p50 / Math.max(1, base.p50), 1)}×  p99 ${fmt(sent.p99 / Math.max(1, base.p99), 1)}×;` +
          ` (engine/raw delivery): p50 ${fmt(sent.p50 / Math.max(1, delivered.p50), 2)}×  p99 ${fmt(sent.p99 / Math.max(1, delivered.p99), 2)}×  (target p99 ≤ 2,000 ms)`,
      );
    } finally {
      client.disconnect();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  const redis = await startOwnRedis();
  console.log(`chasing bench: own redis-server on ${redis.url}; ${new Date().toISOString()}`);
  let dataDir: string | undefined;
  try {
    if (PARTS.includes('schedule') || PARTS.includes('reconcile')) dataDir = await seedMany();
    if (PARTS.includes('schedule')) await schedulingPart('schedule', dataDir as string, redis);
    if (PARTS.includes('lateness')) for (const c of CONCURRENCIES) await latenessPart(redis, c);
    if (PARTS.includes('reconcile')) await schedulingPart('reconcile', dataDir as string, redis);
  } finally {
    await redis.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
