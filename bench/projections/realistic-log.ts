/**
 * The realistic generated log of the benchmarks (projections, as-of): plans × actions × ~N events
 * each, the mix an action sees in a year (reports, re-plans, evidence, reminders).
 */
import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent } from '@asc/event-store';
import { concurrently } from '../event-store/bench-support';

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: 'bench',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  },
});

/** An action's life: raised, owned, dated, then reports, re-plans, evidence and reminders. */
export function actionLife(
  planId: string,
  actionId: string,
  i: number,
  EVENTS: number,
): NewEvent[] {
  let due = '2025-06-30';
  const events = [
    event('ActionRaised', {
      actionId,
      planId,
      ref: `A-${i}`,
      title: `Action ${i}`,
      description: 'Improve the service',
      qualityStatement: `QS${(i % 9) + 1}`,
      priority: i % 5 === 0 ? 'high' : 'medium',
      source: { kind: 'self-assessment', reference: `line ${i}` },
    }),
    event('OwnerAssigned', {
      owner: {
        id: `owner-${i % 40}`,
        name: `Owner ${i % 40}`,
        email: `owner${i % 40}@council.example`,
      },
      previousOwnerId: null,
    }),
    event('DueDateSet', { dueDate: due, previousDueDate: null, reason: null }),
  ];
  for (let n = 3; n < EVENTS; n++) {
    if (n % 25 === 0) {
      const next = `2025-${String(7 + (n % 5)).padStart(2, '0')}-30`;
      events.push(
        event('DueDateSet', { dueDate: next, previousDueDate: due, reason: 'Recruitment delayed' }),
      );
      due = next;
    } else if (n % 10 === 0) {
      events.push(
        event('EvidenceAdded', {
          title: `Evidence ${n}`,
          uri: `https://sharepoint.example/${i}/${n}`,
          sha256: null,
        }),
      );
    } else if (n % 7 === 0) {
      events.push(
        event('ReminderSent', {
          kind: 'due-soon',
          dueDate: due,
          sequence: n,
          channel: 'email',
          recipient: `owner${i % 40}@council.example`,
        }),
      );
    } else {
      events.push(
        event('ProgressReported', {
          percentComplete: Math.min(95, n),
          confidence: n % 3 === 0 ? 'at-risk' : 'on-track',
          note: `Weekly update ${n}: two posts filled, backlog down by ${n % 17}.`,
        }),
      );
    }
  }
  return events;
}

export interface RealisticLogSize {
  plans: number;
  actions: number;
  /** Events per action (about). */
  events: number;
  /**
   * Append the actions' lives in rounds of this many events each, every action in turn, so that
   * at any moment every action is part-way through its life (as in a plan's real year). Without
   * it each action's life is appended whole, 50 events to an append, before the writer moves on.
   */
  interleave?: number;
}

/** Appends the log: per plan, PlanCreated then its actions' lives (8 writers). */
export async function generateRealisticLog(
  store: EventStore,
  { plans: PLANS, actions: ACTIONS, events: EVENTS, interleave }: RealisticLogSize,
  /** Called with each plan's id once its actions are in. */
  onPlan?: (planId: string) => void,
): Promise<number> {
  for (let p = 0; p < PLANS; p++) {
    const planId = randomUUID();
    await store.appendToStream(
      `plan-${planId}`,
      [
        event('PlanCreated', {
          planId,
          authority: `Council ${p}`,
          title: 'ASC plan',
          period: null,
        }),
      ],
      { expectedVersion: 'no_stream' },
    );
    if (interleave) {
      const lives = Array.from({ length: ACTIONS }, (_, a) => {
        const actionId = randomUUID();
        return { actionId, life: actionLife(planId, actionId, p * ACTIONS + a, EVENTS) };
      });
      for (let k = 0; k < EVENTS; k += interleave) {
        await concurrently(8, ACTIONS, async (_w, a) => {
          const { actionId, life } = lives[a];
          if (k >= life.length) return;
          await store.appendToStream(`action-${actionId}`, life.slice(k, k + interleave), {
            expectedVersion: k === 0 ? 'no_stream' : k - 1,
          });
        });
      }
    } else {
      await concurrently(8, ACTIONS, async (_w, a) => {
        const actionId = randomUUID();
        const life = actionLife(planId, actionId, p * ACTIONS + a, EVENTS);
        for (let k = 0; k < life.length; k += 50) {
          await store.appendToStream(`action-${actionId}`, life.slice(k, k + 50), {
            expectedVersion: k === 0 ? 'no_stream' : k - 1,
          });
        }
      });
    }
    onPlan?.(planId);
  }
  return store.headPosition();
}
