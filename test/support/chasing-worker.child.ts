/**
 * The chaser in a process of its own, for the fault tests and benchmarks that kill it, restart it
 * or time it: the engine's modules (event store, read models, commands, ChasingModule) wired as
 * the engine wires them, built from source (run it with `-r test/support/swc-register.cjs`: Nest
 * needs the decorator metadata tsx lacks; there is no apps/worker to build yet).
 *
 * Environment: the engine's (DATA_DIR, REDIS_URL, SMTP_URL, BULLMQ_PREFIX, CHASER_CONCURRENCY…)
 * plus CLOCK_OFFSET_MS (the clock shifted to a scenario's dates; BullMQ delays stay real); a
 * short CHASER_LOCK_MS lets a killed child's jobs be taken over quickly. Prints `{"ready":…}` on stdout once the chaser runs; SIGTERM closes.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { type LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Queue } from 'bullmq';
import {
  CHASE_QUEUE,
  type ChaseJobSpec,
  ChaseQueue,
  ChasingLifecycle,
  ChasingModule,
} from '@asc/chasing';
import { Clock, CommandsModule } from '@asc/commands';
import { EngineConfig, EngineConfigModule, eventStoreSettings } from '@asc/config';
import { EventStoreModule } from '@asc/event-store';
import { ReadModelsModule } from '@asc/read-models';

/** Real time shifted by a fixed offset, the same in every restart of the child. */
class OffsetClock extends Clock {
  constructor(private readonly offsetMs: number) {
    super();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** ChaseQueue that also keeps every spec it adds (the benchmark's baseline re-adds the same). */
class RecordingChaseQueue extends ChaseQueue {
  constructor(
    queue: Queue,
    private readonly sink: ChaseJobSpec[],
  ) {
    super(queue);
  }
  override async addAll(specs: readonly ChaseJobSpec[]): Promise<void> {
    this.sink.push(...specs);
    await super.addAll(specs);
  }
}

const quiet: LoggerService = {
  log() {},
  debug() {},
  verbose() {},
  warn: (m: unknown) => process.stderr.write(`[chaser warn] ${String(m)}\n`),
  error: (m: unknown) => process.stderr.write(`[chaser error] ${String(m)}\n`),
  fatal: (m: unknown) => process.stderr.write(`[chaser fatal] ${String(m)}\n`),
};

export interface ChaserOptions {
  clockOffsetMs?: number;
  /** Keep every job spec the chaser adds through ChaseQueue.addAll here. */
  recordSpecs?: ChaseJobSpec[];
}

/**
 * The engine's chaser modules, initialised with the chaser stopped (CHASER=off): the benchmarks
 * drive the reactor or reconciliation themselves; startChaser starts everything as CHASER=on does.
 */
export async function buildChaser(options: ChaserOptions = {}): Promise<TestingModule> {
  process.env.CHASER = 'off';
  let builder = Test.createTestingModule({
    imports: [
      EngineConfigModule,
      EventStoreModule.forRootAsync({ inject: [EngineConfig], useFactory: eventStoreSettings }),
      ReadModelsModule,
      CommandsModule,
      ChasingModule,
    ],
  })
    .overrideProvider(Clock)
    .useValue(new OffsetClock(options.clockOffsetMs ?? 0));
  const sink = options.recordSpecs;
  if (sink) {
    builder = builder.overrideProvider(ChaseQueue).useFactory({
      inject: [getQueueToken(CHASE_QUEUE)],
      factory: (queue: Queue) => new RecordingChaseQueue(queue, sink),
    });
  }
  const moduleRef = await builder.setLogger(quiet).compile();
  await moduleRef.init();
  return moduleRef;
}

/** Starts the chaser as CHASER=on does (reactor, worker, reconciliation at start, sentinel). */
export async function startChaser(moduleRef: TestingModule): Promise<void> {
  moduleRef.get(EngineConfig).CHASER = 'on';
  await moduleRef.get(ChasingLifecycle).onApplicationBootstrap();
}

async function main(): Promise<void> {
  const moduleRef = await buildChaser({ clockOffsetMs: Number(process.env.CLOCK_OFFSET_MS ?? 0) });
  await startChaser(moduleRef);
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    void moduleRef.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
  process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`chasing worker failed to start: ${String(error)}\n`);
    process.exit(1);
  });
}
