import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { CommandBus } from '@nestjs/cqrs';
import { type Queue } from 'bullmq';
import { CHASE_QUEUE, ChaseHooks, ChaseQueue, ChasingModule } from '@asc/chasing';
import {
  Clock,
  type CommandMetadata,
  CommandsModule,
  ConfigureBoardCommand,
  ConfigureChasingPolicyCommand,
  CreatePlanCommand,
  RaiseActionCommand,
  type RaiseActionInput,
} from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { type ChasingPolicy } from '@asc/domain';
import { EVENT_STORE, type EventStore, EventStoreModule, type NewEvent } from '@asc/event-store';
import { ReadModelsModule } from '@asc/read-models';
import { startSmtpTestServer } from '../../notifications/test/smtp-test-server';

/** Real time shifted to wherever a test wants "now" to be: BullMQ delays stay real. */
export class TestClock extends Clock {
  private offset = 0;
  private frozen?: number;
  now(): Date {
    return new Date(this.frozen ?? Date.now() + this.offset);
  }
  set(instant: number | string): void {
    this.frozen = undefined;
    this.offset = (typeof instant === 'number' ? instant : Date.parse(instant)) - Date.now();
  }
  /** Time stands still here (jobs that wake up early wait again). */
  freeze(instant: number): void {
    this.frozen = instant;
  }
}

/** A crash between a reminder's delivery and its record, once per listed notification key. */
export class CrashingHooks extends ChaseHooks {
  readonly crashOnce = new Set<string>();
  async afterDelivery(key: string): Promise<void> {
    if (this.crashOnce.delete(key)) throw new Error(`simulated crash after delivering ${key}`);
  }
}

/** Seconds, so that a test sees a whole chase: reminders 4 s and 2 s before, escalations after. */
export const SECONDS_POLICY: ChasingPolicy = {
  reminderLeadTimes: ['PT4S', 'PT2S'],
  remindOnDueDate: true,
  overdueReminderInterval: 'PT8S',
  escalationThresholds: [
    { level: 1, overdueBy: 'PT6S' },
    { level: 2, overdueBy: 'PT40S' },
    { level: 3, overdueBy: 'PT80S' },
  ],
  highPriorityLevelsSooner: 1,
  consecutiveOffTrackToEscalate: 2,
  offTrackEscalationLevel: 1,
};

export const BOARDS = [
  { boardId: 'clinic', name: 'Performance Clinic', level: 1, email: 'clinic@council.example' },
  { boardId: 'qapi', name: 'QAPI Board', level: 2, email: 'qapi@council.example' },
  { boardId: 'oversight', name: 'Oversight Board', level: 3, email: 'oversight@council.example' },
];

export function meta(actor = 'lead-1'): CommandMetadata {
  return { actor, commandId: randomUUID(), correlationId: randomUUID() };
}

/** The engine's chaser on a fresh SQLite store, a real SMTP server and Redis (own prefix). */
export async function startChasingApp(
  options: { redisUrl?: string; env?: Record<string, string>; dataDir?: string } = {},
) {
  const smtp = await startSmtpTestServer();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chasing-'));
  const prefix = options.env?.BULLMQ_PREFIX ?? `asc-test-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    EVENT_STORE: 'sqlite',
    DATA_DIR: dataDir,
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'chaser@council.example',
    PUBLIC_URL: 'https://asc.council.example',
    BULLMQ_PREFIX: prefix,
    CHASER: 'on',
    CHASER_CONCURRENCY: '4',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = new TestClock();
  const hooks = new CrashingHooks();
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      EngineConfigModule,
      EventStoreModule.forRootAsync({ inject: [EngineConfig], useFactory: eventStoreSettings }),
      ReadModelsModule,
      CommandsModule,
      ChasingModule,
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(ChaseHooks)
    .useValue(hooks)
    .setLogger(
      process.env.CHASING_TEST_LOG
        ? console
        : { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} },
    )
    .compile();
  await moduleRef.init();
  const bus = moduleRef.get(CommandBus);
  const store = moduleRef.get<EventStore>(EVENT_STORE);
  const queue = moduleRef.get(ChaseQueue).queue as Queue;

  async function createPlan(policy: ChasingPolicy = SECONDS_POLICY): Promise<string> {
    const planId = randomUUID();
    await bus.execute(
      new CreatePlanCommand(planId, { authority: 'Medway Council', title: 'Plan' }, meta('admin')),
    );
    for (const board of BOARDS) {
      await bus.execute(new ConfigureBoardCommand(planId, board, meta('admin')));
    }
    await bus.execute(new ConfigureChasingPolicyCommand(planId, { policy }, meta('admin')));
    return planId;
  }

  async function raise(
    planId: string,
    input: Partial<RaiseActionInput> & { dueDate: string },
  ): Promise<string> {
    const actionId = randomUUID();
    await bus.execute(
      new RaiseActionCommand(
        actionId,
        {
          planId,
          title: 'Clear the assessment waiting list',
          qualityStatement: 'QS1',
          priority: 'medium',
          ref: `QS1-${actionId.slice(0, 4)}`,
          owner: { id: 'sam', name: 'Sam Manager', email: 'sam@council.example' },
          ...input,
        },
        meta(),
      ),
    );
    return actionId;
  }

  async function events(actionId: string, type?: string) {
    const all = await store.readStream(`action-${actionId}`);
    return type ? all.filter((e) => e.type === type) : all;
  }

  /** Messages the SMTP server received about an action (its link names it). */
  function mailsAbout(actionId: string) {
    return smtp.messages.filter((m) => m.text.includes(actionId) || m.html.includes(actionId));
  }

  /** Moves "now" and wakes every delayed job: each re-decides and waits again if early. */
  async function advanceTo(instant: number): Promise<void> {
    clock.set(instant);
    await queue.promoteJobs();
  }

  return {
    moduleRef,
    bus,
    store,
    queue,
    clock,
    hooks,
    smtp,
    prefix,
    dataDir,
    createPlan,
    raise,
    events,
    mailsAbout,
    advanceTo,
    async close(keepData = false) {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await moduleRef.close();
      await smtp.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ChasingApp = Awaited<ReturnType<typeof startChasingApp>>;

/** Polls until `probe` holds (or fails with what it last saw). */
export async function until<T>(
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) {
      throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An event as a lead's command would have recorded it, for logs written straight to the store. */
export function leadEvent(type: string, data: Record<string, unknown>): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: 'lead-1',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
    },
  };
}

/**
 * Writes a plan (its first board, SECONDS_POLICY) and `actions` actions, each raised, owned and
 * due on `due`, straight to the store; returns the actions' ids.
 */
export async function writeChasedPlan(
  store: EventStore,
  planId: string,
  actions: number,
  due: string,
): Promise<string[]> {
  await store.appendToStream(
    `plan-${planId}`,
    [
      leadEvent('PlanCreated', {
        planId,
        authority: 'Medway Council',
        title: 'Plan',
        period: null,
      }),
      leadEvent('BoardConfigured', { ...BOARDS[0], chair: null }),
      leadEvent('ChasingPolicyConfigured', { policy: SECONDS_POLICY }),
    ],
    { expectedVersion: 'no_stream' },
  );
  const ids: string[] = [];
  for (let i = 0; i < actions; i++) {
    const actionId = randomUUID();
    ids.push(actionId);
    await store.appendToStream(
      `action-${actionId}`,
      [
        leadEvent('ActionRaised', {
          actionId,
          planId,
          ref: `QS1-${i}`,
          title: 'Clear the assessment waiting list',
          description: null,
          qualityStatement: 'QS1',
          priority: 'medium',
          source: { kind: 'manual', reference: null },
        }),
        leadEvent('OwnerAssigned', {
          owner: { id: 'sam', name: 'Sam Manager', email: 'sam@council.example' },
          previousOwnerId: null,
        }),
        leadEvent('DueDateSet', { dueDate: due, previousDueDate: null, reason: null }),
      ],
      { expectedVersion: 'no_stream' },
    );
  }
  return ids;
}

export { CHASE_QUEUE };
