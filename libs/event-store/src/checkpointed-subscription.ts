import { EventEmitter } from 'node:events';
import { type EventStore, type StoredEvent } from './event-store.port';

/**
 * What a projection or reactor implements. `handle` must apply the events and save the position
 * of the last one as its checkpoint in the same transaction, so that a crash anywhere leaves
 * either both or neither: that turns at-least-once delivery into exactly-once effects.
 */
export interface CheckpointedConsumer {
  readonly name: string;
  /** Position of the last event handled; 0 when none has been. */
  loadCheckpoint(): Promise<number>;
  handle(events: readonly StoredEvent[]): Promise<void>;
}

export interface SubscriptionOptions {
  /** Events per batch handed to the consumer. */
  batchSize?: number;
  /** Longest sleep while caught up before looking again (notifications usually wake it first). */
  idleWaitMs?: number;
  /** Backoff after a failure: first and longest delay. */
  retryMinMs?: number;
  retryMaxMs?: number;
  logger?: Pick<Console, 'warn' | 'error'>;
}

export interface SubscriptionEvents {
  progress: [position: number, count: number];
  'caught-up': [position: number];
  error: [error: unknown, attempt: number];
}

/**
 * Delivers the whole log to one consumer in global order, at least once, resuming from the
 * consumer's own checkpoint. The store's readAll never returns an event after one it has not
 * returned yet, so the checkpoint never moves past an event still being committed.
 */
export class CheckpointedSubscription extends EventEmitter<SubscriptionEvents> {
  private readonly batchSize: number;
  private readonly idleWaitMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly logger: Pick<Console, 'warn' | 'error'>;
  private abort = new AbortController();
  private loop?: Promise<void>;
  private checkpoint = 0;
  private caughtUp = false;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly consumer: CheckpointedConsumer,
    options: SubscriptionOptions = {},
  ) {
    super();
    this.batchSize = options.batchSize ?? 500;
    this.idleWaitMs = options.idleWaitMs ?? 1000;
    this.retryMinMs = options.retryMinMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.logger = options.logger ?? console;
  }

  get position(): number {
    return this.checkpoint;
  }

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal).finally(() => {
      this.loop = undefined;
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** Resolves once the consumer has handled `position`, or rejects after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `${this.consumer.name} did not reach position ${position} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        this.checkpoint = await this.consumer.loadCheckpoint();
        this.release();
        await this.follow(signal);
        return;
      } catch (error) {
        if (signal.aborted) return;
        attempt++;
        this.caughtUp = false;
        this.emit('error', error, attempt);
        const delay = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.min(attempt - 1, 16));
        this.logger.warn(
          `subscription ${this.consumer.name} failed at position ${this.checkpoint} (attempt ${attempt}), retrying in ${delay} ms: ${describe(error)}`,
        );
        await sleep(delay, signal);
      }
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const page = await this.store.readAll({ after: this.checkpoint, limit: this.batchSize });
      // An adapter may hand back an event it delivered before (EventStoreDB resumes inside a
      // commit); the checkpoint decides.
      const fresh = page.filter((e) => e.position > this.checkpoint);
      if (fresh.length > 0) {
        this.caughtUp = false;
        await this.consumer.handle(fresh);
        this.checkpoint = fresh[fresh.length - 1].position;
        this.emit('progress', this.checkpoint, fresh.length);
        this.release();
        continue;
      }
      if (!this.caughtUp) {
        this.caughtUp = true;
        this.emit('caught-up', this.checkpoint);
      }
      await this.store.waitForAppend(this.checkpoint, this.idleWaitMs, signal);
    }
  }

  private release(): void {
    for (const waiter of this.waiters) {
      if (this.checkpoint >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
