import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ACTION, Clock } from '@asc/commands';
import {
  type ActionEscalatedData,
  type ActionEvent,
  type ActionState,
  type CreatedPlan,
  isActionEventType,
  isRaised,
  upcastEvent,
} from '@asc/domain';
import {
  type CheckpointedConsumer,
  CheckpointedSubscription,
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '@asc/event-store';
import { READ_MODEL_DATABASE, type ReadModelDatabase } from '@asc/read-models';
import { CHASER_ACTOR } from '../fire/fire-chase.service';
import { ChaseContextLoader } from '../shared/chase-context.service';
import { type ChaseJobSpec, escalationNoticeJob, wakeUpJob } from '../shared/chase-jobs';
import { ChaseQueue } from '../shared/chase-queue.service';
import { ChaserStore, type PendingNotice } from '../shared/chaser-store';

const ACTION_PREFIX = 'action-';
const PLAN_PREFIX = 'plan-';
/** Plan events that change every chase of the plan. */
const PLAN_CHASE_EVENTS = new Set(['ChasingPolicyConfigured', 'BoardConfigured']);
/** Actions whose state is loaded from the store at once (those the batch cannot fold). */
const LOADS = 50;
/** Events read per batch: one addBulk and one checkpoint transaction each. */
const BATCH_EVENTS = 5_000;
/** Actions whose fold the reactor keeps between batches (a stream split across two batches). */
const FOLDS_KEPT = 20_000;

interface Fold {
  readonly state: ActionState;
  readonly version: number;
}
/**
 * An escalation first seen later than this after it was recorded is history being replayed (a
 * new read-model database, a reset checkpoint): its board is not told again.
 */
export const NOTICE_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * The chaser's reactor: follows the log from its own checkpoint and turns every event that
 * changes an action's chase (owner, due date, progress, completion, cancellation, board decision,
 * and the chaser's own records) into the one job that wakes that chase up next, and every fresh
 * escalation into its notice job. It decides from the action's current state, not the event's,
 * so a batch of many events for one action makes one job. Jobs are added (addBulk per batch, ids
 * deterministic, so a redelivered batch adds nothing) before the checkpoint moves (ADR 4).
 */
@Injectable()
export class ChasingReactor implements CheckpointedConsumer {
  readonly name = 'chaser';
  private readonly logger = new Logger('ChasingReactor');
  private subscription?: CheckpointedSubscription;
  private current = 0;
  /**
   * Each action's state folded from the events the reactor has handled (the batch holds them, so
   * reading each stream back from the store, as the first version did, was most of the cost of a
   * catch-up). A fold is used only when it is contiguous with the batch's events; otherwise the
   * action is read from the store.
   */
  private readonly folds = new LRUCache<string, Fold>({ max: FOLDS_KEPT });
  /**
   * Actions of a plan whose policy or boards changed while their own later events were still
   * ahead in this catch-up: scheduled when the next of those events arrives, by any actor (their
   * plan is read as it is then). Lost with the process: reconciliation at start covers it.
   */
  private readonly deferred = new Set<string>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) private readonly db: ReadModelDatabase,
    private readonly chaserStore: ChaserStore,
    private readonly contexts: ChaseContextLoader,
    private readonly jobs: ChaseQueue,
    private readonly clock: Clock,
  ) {}

  get position(): number {
    return this.current;
  }

  get running(): boolean {
    return this.subscription?.running ?? false;
  }

  async loadCheckpoint(): Promise<number> {
    const now = this.clock.now().toISOString();
    this.current = await this.chaserStore.loadCheckpoint(now);
    if (this.current === 0) return 0;
    // The head after the checkpoint: read before, another reactor could have moved past it.
    const head = await this.store.headPosition();
    if (this.current > head) {
      // The log was restored from a backup (or replaced): a checkpoint beyond its end would skip
      // every event appended from now up to it. Reacting again from the start only schedules jobs
      // by their deterministic ids, and each job decides again from the log when it fires.
      this.logger.warn(
        `the chaser was at position ${this.current} but the event log ends at ${head} ` +
          '(restored from a backup, or another log): it reacts again from the start',
      );
      await this.chaserStore.resetCheckpoint(this.current, now);
      this.current = await this.chaserStore.loadCheckpoint(now);
    }
    return this.current;
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = this.clock.now();
    const actionIds = new Set<string>();
    const planIds = new Set<string>();
    const notices: PendingNotice[] = [];
    const last = (events[events.length - 1] as StoredEvent).position;
    for (const event of events) {
      if (event.stream.startsWith(ACTION_PREFIX) && isActionEventType(event.type)) {
        const actionId = event.stream.slice(ACTION_PREFIX.length);
        this.fold(actionId, event);
        const deferred = this.deferred.delete(actionId);
        // The worker schedules what follows its own records; a retry covers its crash.
        if (event.metadata.actor !== CHASER_ACTOR || deferred) actionIds.add(actionId);
        if (event.type === 'ActionEscalated' && isFresh(event)) {
          notices.push(noticeOf(actionId, event));
        }
      } else if (event.stream.startsWith(PLAN_PREFIX) && PLAN_CHASE_EVENTS.has(event.type)) {
        planIds.add(event.stream.slice(PLAN_PREFIX.length));
      }
    }
    for (const planId of planIds) {
      for (const { id, later } of await this.chasedActionsOf(planId, last)) {
        if (later) this.deferred.add(id);
        else actionIds.add(id);
      }
    }
    const specs: ChaseJobSpec[] = await this.wakeUps([...actionIds]);
    specs.push(...notices.map(escalationNoticeJob));
    await this.jobs.addAll(specs);
    await this.chaserStore.commit(this.current, last, notices, now.toISOString());
    this.current = last;
  }

  /**
   * The wake-up job of each action's chase, decided from its state as folded from the events
   * handled (read from the store when no contiguous fold is kept), each plan read once.
   */
  async wakeUps(actionIds: readonly string[]): Promise<ChaseJobSpec[]> {
    const specs: ChaseJobSpec[] = [];
    const plans = new Map<string, Promise<CreatedPlan | undefined>>();
    const planOf = (planId: string) => {
      let plan = plans.get(planId);
      if (!plan) plans.set(planId, (plan = this.contexts.planOf(planId)));
      return plan;
    };
    const unfolded: string[] = [];
    for (const id of actionIds) {
      const fold = this.folds.get(id);
      if (!fold) {
        unfolded.push(id);
        continue;
      }
      const { state, version } = fold;
      if (!isRaised(state)) continue;
      const ctx = await this.contexts.decide(state, version, await planOf(state.planId));
      const spec = ctx && wakeUpJob(ctx.state.actionId, ctx.decision, ctx.now.getTime());
      if (spec) specs.push(spec);
    }
    for (let i = 0; i < unfolded.length; i += LOADS) {
      const contexts = await Promise.all(
        unfolded.slice(i, i + LOADS).map((id) => this.contexts.load(id)),
      );
      for (const ctx of contexts) {
        const spec = ctx && wakeUpJob(ctx.state.actionId, ctx.decision, ctx.now.getTime());
        if (spec) specs.push(spec);
      }
    }
    return specs;
  }

  /** Brings the kept fold of the action up to `event`, or forgets it when there is a gap. */
  private fold(actionId: string, event: StoredEvent): void {
    const kept = this.folds.get(actionId);
    const from =
      event.version === 0
        ? ACTION.decider.initialState
        : kept?.version === event.version - 1
          ? kept.state
          : undefined;
    if (from === undefined) {
      this.folds.delete(actionId);
      return;
    }
    const upcast = upcastEvent(event);
    const state = ACTION.decider.evolve(from, {
      type: upcast.type,
      data: upcast.data,
    } as unknown as ActionEvent);
    this.folds.set(actionId, { state, version: event.version });
  }

  start(): void {
    if (this.subscription?.running) return;
    this.subscription = new CheckpointedSubscription(this.store, this, {
      batchSize: BATCH_EVENTS,
      logger: {
        warn: (m: string) => this.logger.warn(m),
        error: (m: string) => this.logger.error(m),
      },
    });
    this.subscription.on('error', () => undefined);
    this.subscription.start();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Resolves once the reactor has handled `position` (tests, read-your-own-schedule). */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (!this.subscription) return Promise.reject(new Error('the chasing reactor is not running'));
    return this.subscription.waitFor(position, timeoutMs);
  }

  /**
   * The plan's chased actions, each with whether the register has seen an event of it after
   * `position` (a catch-up from position 0 meets a plan's BoardConfigured before its actions'
   * events: those are scheduled when their own events come, not twice). A register behind the log
   * only makes `later` false more often: scheduled now, harmlessly.
   */
  private async chasedActionsOf(
    planId: string,
    position: number,
  ): Promise<{ id: string; later: boolean }[]> {
    const rows = await this.db.query<{ action_id: string; position: number | string }>(
      `SELECT action_id, position FROM action_register
        WHERE plan_id = ? AND status IN ('raised', 'open') AND due_date IS NOT NULL`,
      [planId],
    );
    return rows.map((r) => ({ id: r.action_id, later: Number(r.position) > position }));
  }
}

/** Against the wall clock, as the store's recordedAt is (an injected test clock may be elsewhere). */
function isFresh(event: StoredEvent): boolean {
  return Date.now() - Date.parse(event.recordedAt) <= NOTICE_MAX_AGE_MS;
}

function noticeOf(actionId: string, event: StoredEvent): PendingNotice {
  const data = event.data as unknown as ActionEscalatedData;
  return {
    actionId,
    level: data.toLevel,
    boardId: data.boardId,
    fromLevel: data.fromLevel,
    reason: data.reason,
    daysOverdue: data.daysOverdue,
    escalatedAt: event.recordedAt,
  };
}
