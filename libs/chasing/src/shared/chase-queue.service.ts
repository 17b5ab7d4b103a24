import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { type Queue } from 'bullmq';
import { CHASE_QUEUE, type ChaseJobSpec } from './chase-jobs';

/** Jobs per addBulk call: one round trip each, small enough not to block Redis. */
const BULK = 1000;
/** addBulk calls sent before waiting for their replies. */
const BULKS_IN_FLIGHT = 4;
/** Job-state look-ups in flight at once during reconciliation. */
const LOOKUPS = 200;

export interface EnsureResult {
  added: number;
  /** Finished (completed or failed) jobs whose step the log still calls for: replaced. */
  replaced: number;
}

/** The chase queue as the chaser uses it: bulk adds, and "make sure these jobs exist". */
@Injectable()
export class ChaseQueue {
  constructor(@InjectQueue(CHASE_QUEUE) readonly queue: Queue) {}

  /** Adds the jobs; a job whose id exists already (in any state) is left as it is. */
  async addAll(specs: readonly ChaseJobSpec[]): Promise<void> {
    // A few chunks at once: their ids are distinct, so order does not matter, and the client
    // pipelines them instead of waiting a round trip for each.
    for (let i = 0; i < specs.length; i += BULK * BULKS_IN_FLIGHT) {
      const chunks: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(specs.length, i + BULK * BULKS_IN_FLIGHT); j += BULK) {
        chunks.push(this.queue.addBulk(specs.slice(j, j + BULK).map((s) => ({ ...s }))));
      }
      await Promise.all(chunks);
    }
  }

  async add(spec: ChaseJobSpec): Promise<void> {
    await this.queue.add(spec.name, spec.data, spec.opts);
  }

  /**
   * Reconciliation: each job must be waiting, delayed or running. A missing one is added; a
   * finished one (its id still taken by a completed or failed job) is removed and added again,
   * since the log says its step is still to do (the worker re-decides, so a needless one is harmless).
   */
  async ensure(specs: readonly ChaseJobSpec[]): Promise<EnsureResult> {
    const missing: ChaseJobSpec[] = [];
    let replaced = 0;
    for (let i = 0; i < specs.length; i += LOOKUPS) {
      const chunk = specs.slice(i, i + LOOKUPS);
      const states = await Promise.all(chunk.map((s) => this.queue.getJobState(s.opts.jobId)));
      for (const [j, state] of states.entries()) {
        const spec = chunk[j] as ChaseJobSpec;
        if (state === 'unknown') missing.push(spec);
        else if (state === 'completed' || state === 'failed') {
          await this.queue.remove(spec.opts.jobId).catch(() => 0);
          missing.push(spec);
          replaced++;
        }
      }
    }
    await this.addAll(missing);
    return { added: missing.length - replaced, replaced };
  }
}
