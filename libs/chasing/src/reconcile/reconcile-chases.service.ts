import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@asc/commands';
import {
  boardsOf,
  type CreatedPlan,
  decideChase,
  type PlanState,
  type RaisedAction,
} from '@asc/domain';
import { READ_MODEL_DATABASE, type ReadModelDatabase } from '@asc/read-models';
import { ChasingMetrics } from '../operations/chasing-metrics.service';
import { type ChaseJobSpec, escalationNoticeJob, wakeUpJob } from '../shared/chase-jobs';
import { ChaseQueue } from '../shared/chase-queue.service';
import { ChaserStore } from '../shared/chaser-store';

/** Register rows read per page. */
const PAGE = 2000;

export interface ReconcileReport {
  /** Chased actions looked at. */
  actions: number;
  /** Jobs the read models call for (wake-ups and unsent notices). */
  expected: number;
  added: number;
  replaced: number;
  ms: number;
}

/**
 * Redis keeps nothing the log cannot rebuild: reconciliation works out, from the read models, the
 * wake-up job every chased action needs now (and the notice job of every escalation whose notice
 * has not gone out), and adds those that are missing. Runs at start, on a BullMQ job scheduler,
 * and whenever the chaser sees that Redis has lost its data. Stale read models only cost a
 * needless job: the worker decides from the log.
 */
@Injectable()
export class ReconcileChasesService {
  private readonly logger = new Logger('ReconcileChases');
  private running?: Promise<ReconcileReport>;

  constructor(
    @Inject(READ_MODEL_DATABASE) private readonly db: ReadModelDatabase,
    private readonly jobs: ChaseQueue,
    private readonly chaserStore: ChaserStore,
    private readonly metrics: ChasingMetrics,
    private readonly clock: Clock,
  ) {}

  /** One run at a time per process: a second call joins the one under way. */
  run(): Promise<ReconcileReport> {
    this.running ??= this.reconcile().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async reconcile(): Promise<ReconcileReport> {
    const started = Date.now();
    const plans = await this.plans();
    const now = this.clock.now();
    const report: ReconcileReport = { actions: 0, expected: 0, added: 0, replaced: 0, ms: 0 };
    let after = '';
    for (;;) {
      const rows = await this.db.query<{ action_id: string; plan_id: string; state: string }>(
        `SELECT action_id, plan_id, state FROM action_register
          WHERE status IN ('raised', 'open') AND due_date IS NOT NULL AND action_id > ?
          ORDER BY action_id LIMIT ?`,
        [after, PAGE],
      );
      if (rows.length === 0) break;
      after = (rows[rows.length - 1] as { action_id: string }).action_id;
      const specs: ChaseJobSpec[] = [];
      for (const row of rows) {
        const plan = plans.get(row.plan_id);
        if (!plan) continue;
        const state = JSON.parse(row.state) as RaisedAction;
        const decision = decideChase({
          state,
          policy: plan.chasingPolicy,
          boards: boardsOf(plan),
          now: now.toISOString(),
        });
        const spec = wakeUpJob(row.action_id, decision, now.getTime());
        if (spec) specs.push(spec);
      }
      report.actions += rows.length;
      await this.ensure(specs, report);
    }
    const notices = (await this.chaserStore.unsentNotices()).map(({ escalatedAt: _, ...n }) =>
      escalationNoticeJob(n),
    );
    await this.ensure(notices, report);
    report.ms = Date.now() - started;
    if (report.added + report.replaced > 0) {
      this.logger.log(
        `reconciled ${report.actions} chased actions: ${report.added} jobs added, ${report.replaced} replaced (${report.ms} ms)`,
      );
    }
    return report;
  }

  private async ensure(specs: readonly ChaseJobSpec[], report: ReconcileReport): Promise<void> {
    const result = await this.jobs.ensure(specs);
    report.expected += specs.length;
    report.added += result.added;
    report.replaced += result.replaced;
    if (result.added) this.metrics.reconciled.inc({ outcome: 'added' }, result.added);
    if (result.replaced) this.metrics.reconciled.inc({ outcome: 'replaced' }, result.replaced);
  }

  private async plans(): Promise<Map<string, CreatedPlan>> {
    const rows = await this.db.query<{ plan_id: string; state: string }>(
      'SELECT plan_id, state FROM plan_summary',
    );
    const plans = new Map<string, CreatedPlan>();
    for (const row of rows) {
      const state = JSON.parse(row.state) as PlanState;
      if (state.status !== 'none') plans.set(row.plan_id, state);
    }
    return plans;
  }
}
