import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { ChaseQueue } from '../shared/chase-queue.service';

const DEPTH_STATES = [
  'waiting',
  'delayed',
  'active',
  'prioritized',
  'failed',
  'completed',
] as const;

/** BullMQ's Redis commands wait for Redis to return; a scrape must not. */
const SCRAPE_REDIS_TIMEOUT_MS = 1000;

/** The value, or undefined when Redis did not answer in time (the gauge keeps its last value). */
async function withinScrape<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), SCRAPE_REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The chaser's Prometheus metrics, in a registry of their own that /metrics merges with the
 * engine's. Queue figures are read from Redis when scraped.
 */
@Injectable()
export class ChasingMetrics {
  readonly registry = new Registry();
  readonly remindersSent: Counter<'kind'>;
  readonly escalations: Counter<'reason'>;
  readonly noticesSent: Counter;
  readonly deliveryFailures: Counter<'retryable'>;
  readonly reconciled: Counter<'outcome'>;

  constructor(private readonly jobs: ChaseQueue) {
    const registers = [this.registry];
    const depth: Gauge<'state'> = new Gauge({
      name: 'asc_chase_queue_depth',
      help: 'Chase jobs in the queue, by BullMQ state.',
      labelNames: ['state'],
      registers,
      collect: async () => {
        const counts = await withinScrape(this.jobs.queue.getJobCounts(...DEPTH_STATES));
        if (counts === undefined) return;
        for (const state of DEPTH_STATES) depth.set({ state }, counts[state] ?? 0);
      },
    });
    const oldest: Gauge = new Gauge({
      name: 'asc_chase_oldest_overdue_job_age_seconds',
      help: 'How long the oldest job that should have run by now has been waiting (0 when none).',
      registers,
      collect: async () => {
        const age = await withinScrape(this.oldestOverdueAgeSeconds());
        if (age !== undefined) oldest.set(age);
      },
    });
    this.remindersSent = new Counter({
      name: 'asc_chase_reminders_sent_total',
      help: 'Reminders delivered to owners and recorded as ReminderSent.',
      labelNames: ['kind'],
      registers,
    });
    this.escalations = new Counter({
      name: 'asc_chase_escalations_total',
      help: 'Escalations the chaser recorded (ActionEscalated).',
      labelNames: ['reason'],
      registers,
    });
    this.noticesSent = new Counter({
      name: 'asc_chase_escalation_notices_sent_total',
      help: 'Escalation notices delivered to boards.',
      registers,
    });
    this.deliveryFailures = new Counter({
      name: 'asc_chase_delivery_failures_total',
      help: 'Deliveries that failed (retryable ones are tried again with backoff).',
      labelNames: ['retryable'],
      registers,
    });
    this.reconciled = new Counter({
      name: 'asc_chase_reconciled_jobs_total',
      help: 'Jobs reconciliation found missing (added) or finished but still needed (replaced).',
      labelNames: ['outcome'],
      registers,
    });
  }

  /** Age of the oldest waiting job, or of the earliest delayed job whose moment has passed. */
  async oldestOverdueAgeSeconds(now = Date.now()): Promise<number> {
    const queue = this.jobs.queue;
    const [waiting] = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
    const [delayed] = await queue.getJobs(['delayed'], 0, 0, true);
    const dueAt = [waiting, delayed]
      .filter((j) => j !== undefined)
      .map((j) => j.timestamp + (j.delay ?? 0))
      .filter((t) => t <= now);
    return dueAt.length === 0 ? 0 : (now - Math.min(...dueAt)) / 1000;
  }
}
