/**
 * What the chasing fault tests and benchmarks share: a redis-server of their own (they flush and
 * restart it), a chasing log seeded straight into a SQLite DATA_DIR with its read models built,
 * the chaser in a child process (chasing-worker.child.ts), and reading what it recorded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { type ChasingPolicy, dueDateStartsMs } from '@asc/domain';
import { createEventStore, type EventStore, type NewEvent } from '@asc/event-store';
import { createReadModelDatabase, ReadModels } from '@asc/read-models';
import { startSmtpCapture } from './smtp-capture-server';

export const WORKER_CHILD = join(__dirname, 'chasing-worker.child.ts');
export const SWC_REGISTER = join(__dirname, 'swc-register.cjs');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Polls until `ok(probe())`, or throws with what it last saw. */
export async function until<T>(
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) {
      throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
    }
    await sleep(everyMs);
  }
}

/** A redis-server of our own, nothing on disk: a restart loses every key, as a real one may. */
export async function startOwnRedis(port?: number) {
  const p = port ?? (await freePort());
  let server: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${p}`;
  const ping = async () => {
    const c = new Redis(p, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return await c.ping();
    } catch {
      return 'down';
    } finally {
      c.disconnect();
    }
  };
  const start = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await until(ping, (v) => v === 'PONG', 10_000, 50);
  };
  const stop = async () => {
    const s = server;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port: p,
    url,
    /** A client for the test's own look-ups. */
    client: () => new Redis(p, '127.0.0.1', { maxRetriesPerRequest: null }),
    stop,
    start,
    async restart(downMs = 0) {
      await stop();
      await sleep(downMs);
      await start();
    },
  };
}
export type OwnRedis = Awaited<ReturnType<typeof startOwnRedis>>;

const event = (type: string, data: Record<string, unknown>, actor = 'lead-1'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  },
});

export const BOARDS = [
  { boardId: 'clinic', name: 'Performance Clinic', level: 1, email: 'clinic@council.example' },
  { boardId: 'qapi', name: 'QAPI Board', level: 2, email: 'qapi@council.example' },
  { boardId: 'oversight', name: 'Oversight Board', level: 3, email: 'oversight@council.example' },
];

/**
 * One reminder on the due date and nothing else for a week: each action sends exactly one message
 * in a test's minute, so every message and every ReminderSent can be matched one to one.
 */
export const DUE_DATE_ONLY_POLICY: ChasingPolicy = {
  reminderLeadTimes: [],
  remindOnDueDate: true,
  overdueReminderInterval: 'P7D',
  escalationThresholds: [
    { level: 1, overdueBy: 'P14D' },
    { level: 2, overdueBy: 'P28D' },
    { level: 3, overdueBy: 'P56D' },
  ],
  highPriorityLevelsSooner: 1,
  consecutiveOffTrackToEscalate: 2,
  offTrackEscalationLevel: 1,
};

export interface SeedOptions {
  /** Due date of each action (index → YYYY-MM-DD). */
  dueDate: (i: number) => string;
  actions: number;
  policy?: ChasingPolicy;
  /** Writers appending at once. */
  writers?: number;
  /**
   * Configure the three boards (default). Without, the plan gets the same three by default and
   * has no plan event that makes the reactor re-schedule every action of the plan (see the bench).
   */
  boards?: boolean;
}

/**
 * A plan (boards, policy) and `actions` open actions owned by one person, appended straight to
 * the SQLite store in DATA_DIR, then every read model brought to the head (the chaser's child then
 * starts with its projections idle). Returns the action ids in index order.
 */
export async function seedChasingLog(dataDir: string, options: SeedOptions) {
  const store = await createEventStore({ kind: 'sqlite', dataDir });
  const planId = randomUUID();
  await store.appendToStream(
    `plan-${planId}`,
    [
      event('PlanCreated', { planId, authority: 'Medway Council', title: 'Plan', period: null }),
      ...(options.boards === false
        ? []
        : BOARDS.map((b) => event('BoardConfigured', { ...b, chair: null }, 'admin'))),
      ...(options.policy
        ? [event('ChasingPolicyConfigured', { policy: options.policy }, 'admin')]
        : []),
    ],
    { expectedVersion: 'no_stream' },
  );
  const ids = Array.from({ length: options.actions }, () => randomUUID());
  let next = 0;
  const writer = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      const actionId = ids[i] as string;
      await store.appendToStream(
        `action-${actionId}`,
        [
          event('ActionRaised', {
            actionId,
            planId,
            ref: `A-${i}`,
            title: `Action ${i}`,
            description: null,
            qualityStatement: `QS${(i % 9) + 1}`,
            priority: 'medium',
            source: { kind: 'manual', reference: null },
          }),
          event('OwnerAssigned', {
            owner: { id: `owner-${i}`, name: `Owner ${i}`, email: `owner${i}@council.example` },
            previousOwnerId: null,
          }),
          event('DueDateSet', { dueDate: options.dueDate(i), previousDueDate: null, reason: null }),
        ],
        { expectedVersion: 'no_stream' },
      );
    }
  };
  await Promise.all(Array.from({ length: options.writers ?? 8 }, writer));
  const db = await createReadModelDatabase({ eventStore: 'sqlite', dataDir });
  await new ReadModels(db, store).catchUp();
  const head = await store.headPosition();
  await db.close();
  await store.close();
  return { planId, actionIds: ids, head };
}

/** The clock offset that puts the start of `dueDate` (Europe/London) `inMs` from now. */
export function offsetForDueIn(dueDate: string, inMs: number): number {
  return dueDateStartsMs(dueDate) - (Date.now() + inMs);
}

export interface WorkerChild {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or signal). */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts the chaser (chasing-worker.child.ts) in a child process and resolves once it runs.
 * `env` is added to the engine's defaults for a test (SQLite in dataDir, silent logs).
 */
export async function spawnChasingWorker(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<WorkerChild> {
  // CHASING_WORKER_NODE_ARGS: extra node flags for the child, e.g. `--cpu-prof` to profile it.
  const nodeArgs = (process.env.CHASING_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '-r', SWC_REGISTER, WORKER_CHILD], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      EVENT_STORE: 'sqlite',
      LOG_LEVEL: 'silent',
      MAIL_FROM: 'chaser@council.example',
      PUBLIC_URL: 'https://asc.council.example',
      ...env,
    },
    stdio: ['ignore', 'pipe', process.env.CHASING_TEST_LOG ? 'inherit' : 'ignore'],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'exit')),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the chasing worker did not start')),
      timeoutMs,
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the chasing worker exited before it was ready (${code})`));
    });
  });
  return {
    child,
    pid: child.pid as number,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface RecordedReminder {
  actionId: string;
  key: string;
  recordedAt: number;
  position: number;
}

/** Every ReminderSent in the log, keyed as the notifier keys its message (X-Notification-Key). */
export async function recordedReminders(store: EventStore): Promise<RecordedReminder[]> {
  const out: RecordedReminder[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 10_000 });
    if (page.length === 0) return out;
    for (const e of page) {
      if (e.type !== 'ReminderSent') continue;
      const d = e.data as { kind: string; dueDate: string; sequence: number };
      const actionId = e.stream.slice('action-'.length);
      out.push({
        actionId,
        key: `reminder:${actionId}:${d.kind}:${d.dueDate}:${d.sequence}`,
        recordedAt: Date.parse(e.recordedAt),
        position: e.position,
      });
    }
    after = (page[page.length - 1] as { position: number }).position;
  }
}

/** Keys that occur more than once, with their counts. */
export function duplicates(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}

/**
 * What each chasing fault test stands on: a data folder, a redis-server and a capturing SMTP
 * server of its own, the worker child and the store the test reads back; stop() closes them all.
 */
export async function startChasingRig(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `chasing-${prefix}-`));
  const redis = await startOwnRedis();
  const smtp = await startSmtpCapture();
  const rig = {
    dataDir,
    redis,
    smtp,
    prefix,
    worker: undefined as WorkerChild | undefined,
    store: undefined as EventStore | undefined,
    /** The worker's environment: this rig's folder, Redis, SMTP server and BullMQ prefix. */
    env: (extra: Record<string, string>): Record<string, string> => ({
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      BULLMQ_PREFIX: prefix,
      ...extra,
    }),
    async openStore(): Promise<EventStore> {
      rig.store ??= await createEventStore({ kind: 'sqlite', dataDir });
      return rig.store;
    },
    async stop(): Promise<void> {
      await rig.worker?.kill('SIGKILL');
      await rig.store?.close();
      await redis.stop();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return rig;
}

export type ChasingRig = Awaited<ReturnType<typeof startChasingRig>>;
