/**
 * Child of chasing.bench.ts (run with `-r test/support/swc-register.cjs`: the engine's Nest
 * modules need decorator metadata). One measurement per process, printed as one JSON line:
 *
 * - `schedule`: the chaser's reactor (its checkpoint reset to 0) turns the seeded log, read from
 *   the real SQLite store, into BullMQ jobs; then, after FLUSHALL, the raw baseline: Queue.addBulk
 *   of the very jobs it added (same ids, delays, data and default options), 1,000 per call as the
 *   reactor does.
 * - `reconcile`: FLUSHALL, then reconciliation re-creates every job from the read models; then
 *   FLUSHALL and the same raw addBulk of the jobs it added.
 * - `raw-lateness`: a plain BullMQ queue and worker: N no-op jobs due at one moment, and how late
 *   the worker picked each up.
 * - `raw-delivery`: the same, each job sending one message with nodemailer to SMTP_URL.
 */
import { READ_MODEL_DATABASE, type ReadModelDatabase } from '@asc/read-models';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { createTransport } from 'nodemailer';
import {
  CHASE_QUEUE,
  CHASER_CHECKPOINT,
  type ChaseJobSpec,
  ChaseQueue,
  ChaserStore,
  ChasingReactor,
  ReconcileChasesService,
  redisConnectionOptions,
} from '@asc/chasing';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { buildChaser } from '../../test/support/chasing-worker.child';

const BULK = 1000;

async function rawAddBulk(
  redisUrl: string,
  prefix: string,
  specs: readonly ChaseJobSpec[],
  defaults: object,
) {
  const queue = new Queue(CHASE_QUEUE, {
    connection: redisConnectionOptions(redisUrl),
    prefix,
    defaultJobOptions: defaults,
  });
  await queue.waitUntilReady();
  const started = performance.now();
  for (let i = 0; i < specs.length; i += BULK) {
    await queue.addBulk(specs.slice(i, i + BULK).map((s) => ({ ...s })));
  }
  const ms = performance.now() - started;
  await queue.close();
  return ms;
}

async function schedulingRun(mode: 'schedule' | 'reconcile', redisUrl: string): Promise<object> {
  const redis = new IORedis(redisUrl);
  await redis.flushall();
  const specs: ChaseJobSpec[] = [];
  const moduleRef = await buildChaser({ recordSpecs: specs });
  const prefix = process.env.BULLMQ_PREFIX as string;
  const defaults = moduleRef.get(ChaseQueue).queue.defaultJobOptions;
  // The chaser's own table, made by its lifecycle when CHASER=on (here it is off).
  await moduleRef.get(ChaserStore).ensureSchema();
  let engineMs: number;
  let detail: object = {};
  if (mode === 'schedule') {
    const db = moduleRef.get<ReadModelDatabase>(READ_MODEL_DATABASE);
    await db.run('DELETE FROM checkpoints WHERE name = ?', [CHASER_CHECKPOINT.name]);
    const head = await moduleRef.get<EventStore>(EVENT_STORE).headPosition();
    const reactor = moduleRef.get(ChasingReactor);
    const started = performance.now();
    reactor.start();
    await reactor.waitFor(head, 30 * 60_000);
    engineMs = performance.now() - started;
    await reactor.stop();
    detail = { events: head };
  } else {
    const started = performance.now();
    const report = await moduleRef.get(ReconcileChasesService).run();
    engineMs = performance.now() - started;
    detail = report;
  }
  const jobsInRedis = await redis.zcard(`${prefix}:${CHASE_QUEUE}:delayed`);
  await moduleRef.close();
  await redis.flushall();
  // The same jobs once each: the engine may add one twice (an action's events split between two
  // batches); the second add is a no-op in Redis, and costs the engine, not the baseline.
  const unique = [...new Map(specs.map((s) => [s.opts.jobId, s])).values()];
  const rawMs = await rawAddBulk(redisUrl, `${prefix}-raw`, unique, defaults);
  const rawJobs = await redis.zcard(`${prefix}-raw:${CHASE_QUEUE}:delayed`);
  await redis.flushall();
  redis.disconnect();
  return {
    mode,
    jobs: unique.length,
    adds: specs.length,
    jobsInRedis,
    rawJobs,
    engineMs,
    rawMs,
    ...detail,
  };
}

async function rawLateness(redisUrl: string, jobs: number, leadMs: number, concurrency: number) {
  const connection = redisConnectionOptions(redisUrl);
  const prefix = 'raw-lateness';
  const queue = new Queue('noop', { connection, prefix });
  const dueAt = Date.now() + leadMs;
  const specs = Array.from({ length: jobs }, (_, i) => ({
    name: 'noop',
    data: { actionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
    opts: { jobId: `noop-${i}`, delay: dueAt - Date.now() },
  }));
  for (let i = 0; i < specs.length; i += BULK) await queue.addBulk(specs.slice(i, i + BULK));
  const late: number[] = [];
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const worker = new Worker(
    'noop',
    async () => {
      late.push(Date.now() - dueAt);
      if (late.length === jobs) resolveDone();
    },
    { connection, prefix, concurrency },
  );
  await done;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { mode: 'raw-lateness', jobs, concurrency, late };
}

/**
 * The same as rawLateness, but each job sends one plain message through nodemailer with the
 * chaser's pool settings (8 connections, 500 messages each) to SMTP_URL: the timer and the
 * delivery without the engine. Lateness is read at the SMTP server by the caller.
 */
async function rawDeliveryLateness(
  redisUrl: string,
  smtpUrl: string,
  jobs: number,
  leadMs: number,
  concurrency: number,
) {
  const connection = redisConnectionOptions(redisUrl);
  const prefix = 'raw-delivery';
  const queue = new Queue('deliver', { connection, prefix });
  const transport = createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 8,
    maxMessages: 500,
  });
  const dueAt = Date.now() + leadMs;
  const specs = Array.from({ length: jobs }, (_, i) => ({
    name: 'deliver',
    data: { i },
    opts: { jobId: `deliver-${i}`, delay: dueAt - Date.now() },
  }));
  for (let i = 0; i < specs.length; i += BULK) await queue.addBulk(specs.slice(i, i + BULK));
  let sent = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const worker = new Worker(
    'deliver',
    async (job) => {
      const i = (job.data as { i: number }).i;
      await transport.sendMail({
        from: 'chaser@council.example',
        to: `owner${i}@council.example`,
        subject: `Reminder: action A-${i} is due on 15 January 2031`,
        text: `Action A-${i} is due on 15 January 2031.\nhttps://asc.example/actions/${i}\n`.repeat(
          4,
        ),
        headers: { 'X-Notification-Key': `raw-${i}` },
      });
      if (++sent === jobs) resolveDone();
    },
    { connection, prefix, concurrency },
  );
  await done;
  await worker.close();
  transport.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { mode: 'raw-delivery', jobs, concurrency, dueAt };
}

async function main(): Promise<void> {
  const [, , mode, arg1, arg2, arg3] = process.argv;
  const redisUrl = process.env.REDIS_URL as string;
  const result =
    mode === 'raw-lateness'
      ? await rawLateness(redisUrl, Number(arg1), Number(arg2), Number(arg3))
      : mode === 'raw-delivery'
        ? await rawDeliveryLateness(
            redisUrl,
            process.env.SMTP_URL as string,
            Number(arg1),
            Number(arg2),
            Number(arg3),
          )
        : await schedulingRun(mode as 'schedule' | 'reconcile', redisUrl);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
