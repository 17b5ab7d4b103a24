import { InjectQueue } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { EngineConfig } from '@asc/config';
import { ChaseActionProcessor, MAX_STALLED_COUNT } from '../fire/chase-action.processor';
import { ChasingReactor } from '../react/chasing.reactor';
import { ReconcileChasesService } from '../reconcile/reconcile-chases.service';
import { CHASE_QUEUE, JOB, RECONCILE_SCHEDULER_ID } from '../shared/chase-jobs';
import { ChaserStore } from '../shared/chaser-store';
import { redisConnectionOptions } from '../shared/redis-connection';

/** How long shutdown waits for running jobs before closing the worker anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** How often each process checks that Redis still holds the chaser's data. */
const SENTINEL_EVERY_MS = 5_000;

/**
 * Starts and stops the chaser in this process (CHASER=on): checks Redis's eviction policy, makes
 * the chaser's table, starts the reactor and the worker, reconciles at start, keeps the
 * reconciliation job scheduler, and watches a sentinel key: Redis keeps nothing on disk, so when
 * the sentinel is gone Redis has lost every job (restart, FLUSHALL) and reconciliation runs at once.
 */
@Injectable()
export class ChasingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Chasing');
  private sentinelTimer?: NodeJS.Timeout;
  private started = false;
  private chaseWorker?: Worker;

  constructor(
    private readonly config: EngineConfig,
    private readonly processor: ChaseActionProcessor,
    private readonly reactor: ChasingReactor,
    private readonly reconciliation: ReconcileChasesService,
    private readonly chaserStore: ChaserStore,
    @InjectQueue(CHASE_QUEUE) private readonly queue: Queue,
  ) {}

  get enabled(): boolean {
    return this.config.CHASER === 'on';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.started = true;
    await this.chaserStore.ensureSchema();
    void this.checkEvictionPolicy();
    this.reactor.start();
    const worker = this.createWorker();
    worker.on('failed', (job, error) =>
      this.logger.warn(`chase job ${job?.id ?? '?'} failed: ${error.message}`),
    );
    worker.on('error', (error) => this.logger.warn(`chase worker: ${error.message}`));
    void worker
      .run()
      .catch((error: unknown) => this.logger.error(`chase worker stopped: ${String(error)}`));
    void this.atStart();
    this.sentinelTimer = setInterval(() => void this.watchSentinel(), SENTINEL_EVERY_MS);
    this.sentinelTimer.unref();
  }

  private async atStart(): Promise<void> {
    try {
      await ((await this.queue.backend.client) as unknown as Redis).set(
        this.sentinelKey(),
        new Date().toISOString(),
      );
      await this.reconcileAndSchedule();
    } catch (error) {
      // Redis down at start: the sentinel check reconciles once it is back.
      this.logger.warn(`reconciliation at start failed: ${String(error)}`);
    }
  }

  private sentinelKey(): string {
    return `${this.config.BULLMQ_PREFIX}:${this.queue.name}:chaser-sentinel`;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    clearInterval(this.sentinelTimer);
    await this.reactor.stop();
    // Let running jobs finish, but not forever: a job cut short is found stalled and run again.
    const worker = this.chaseWorker;
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    const graceful = worker.close().then(() => true);
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS);
    });
    const closed = await Promise.race([graceful, late]);
    clearTimeout(timer);
    if (!closed) {
      this.logger.warn(`chase jobs still running after ${SHUTDOWN_GRACE_MS} ms: closing anyway`);
      await worker.close(true);
    }
  }

  /** The running worker (CHASER=on), for tests and operations; undefined before start. */
  get worker(): Worker | undefined {
    return this.chaseWorker;
  }

  private createWorker(): Worker {
    const lockMs = this.config.CHASER_LOCK_MS;
    this.chaseWorker = new Worker(
      this.processor.queueName,
      (job, token) => this.processor.process(job, token),
      {
        connection: redisConnectionOptions(this.config.REDIS_URL),
        prefix: this.config.BULLMQ_PREFIX,
        autorun: false,
        concurrency: this.config.CHASER_CONCURRENCY,
        lockDuration: lockMs,
        // A killed worker's jobs are taken over between one and one and a half lock durations.
        stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
        maxStalledCount: MAX_STALLED_COUNT,
      },
    );
    return this.chaseWorker;
  }

  /** Reconciles now (start, lost Redis data) and (re)creates the scheduler that repeats it. */
  async reconcileAndSchedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULER_ID,
      { every: this.config.CHASER_RECONCILE_SECONDS * 1000 },
      { name: JOB.reconcile, opts: { removeOnComplete: 100, removeOnFail: 100, attempts: 1 } },
    );
    await this.reconciliation.run();
  }

  private async watchSentinel(): Promise<void> {
    try {
      const client = (await this.queue.backend.client) as unknown as Redis;
      const created = await client.set(this.sentinelKey(), new Date().toISOString(), 'NX');
      if (created === 'OK') {
        this.logger.log('Redis holds no chaser data (first start, restart or flush): reconciling');
        await this.reconcileAndSchedule();
      }
    } catch (error) {
      this.logger.warn(`chaser sentinel check failed (Redis down?): ${String(error)}`);
    }
  }

  /** Evicted job keys would drop reminders silently until the next reconciliation. */
  private async checkEvictionPolicy(): Promise<void> {
    try {
      const client = (await this.queue.backend.client) as unknown as Redis;
      const [, policy] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
      if (policy !== 'noeviction') {
        this.logger.warn(
          `Redis maxmemory-policy is ${policy}: set it to noeviction, or evicted jobs lose reminders until the next reconciliation`,
        );
      }
    } catch (error) {
      this.logger.warn(`could not read Redis maxmemory-policy (CONFIG refused?): ${String(error)}`);
    }
  }
}
