import { randomUUID } from 'node:crypto';
import { type Queue } from 'bullmq';
import { ChaserStore, ChasingReactor } from '@asc/chasing';
import { type ChasingPolicy, dueDateStartsMs } from '@asc/domain';
import { CheckpointedSubscription } from '@asc/event-store';
import { ReadModels } from '@asc/read-models';
import {
  type ChasingApp,
  leadEvent,
  SECONDS_POLICY,
  startChasingApp,
  writeChasedPlan,
} from './chasing-test-app';

/** Actions of the plan whose policy changes, and of a second plan that must not be touched. */
const ACTIONS = 20;
const OTHER_ACTIONS = 5;
const DUE = '2031-10-14';
/** The new policy has no lead-time reminders: each action's next step becomes its due reminder. */
const NEW_POLICY: ChasingPolicy = { ...SECONDS_POLICY, reminderLeadTimes: [] };

const firstReminder = (actionId: string) => `reminder-${actionId}-due-soon-${DUE}-1`;
const dueReminder = (actionId: string) => `reminder-${actionId}-due-${DUE}-1`;
/** A chase job's id is its step's key and moment (`…-at-<epoch ms>`, ADR 13). */
const stepOf = (jobId: string) => jobId.replace(/-at-\d+$/, '');

/**
 * ADR 13's catch-up rule: a plan's BoardConfigured / ChasingPolicyConfigured schedules only the
 * plan's actions whose own events are all behind it (the register's `position`); the others are
 * scheduled when their own events arrive. The log is written straight into the store, the read
 * models are built, then the reactor catches up once from position 0 through the same
 * CheckpointedSubscription it runs on, in batches of 3 events: the first batch is exactly the
 * plan's three events and each later batch one action's three (raised, owner, due date). That is
 * the shape in which a reactor without the rule adds every job twice (once for the plan's events,
 * read from the store, and once for the action's own). Adds are counted on the queue instance the
 * chaser uses (a spy on addBulk); CHASER=off, so no reactor, worker or reconciliation runs besides.
 */
describe('chasing reactor catch-up: plan events and the register position (ADR 13)', () => {
  let t: ChasingApp;
  let reactor: ChasingReactor;
  let addBulk: jest.SpiedFunction<Queue['addBulk']>;
  let planId: string;
  let otherPlanId: string;
  let actionIds: string[];
  let otherActionIds: string[];

  /** Job ids handed to addBulk since the spy was last cleared, one entry per add. */
  const addedJobIds = () =>
    addBulk.mock.calls.flatMap(([jobs]) => jobs.map((j) => j.opts?.jobId as string));
  const addedIds = () => addedJobIds().map(stepOf);
  /** The steps of the jobs in these states. */
  const stepsIn = async (states: Parameters<Queue['getJobs']>[0]) =>
    (await t.queue.getJobs(states)).map((j) => stepOf(j.id!));

  /** The reactor follows the log from its checkpoint to the head, `batchSize` events at a time. */
  async function catchUp(batchSize: number): Promise<void> {
    const subscription = new CheckpointedSubscription(t.store, reactor, {
      batchSize,
      logger: { warn: () => undefined, error: () => undefined },
    });
    const failures: unknown[] = [];
    subscription.on('error', (error) => failures.push(error));
    subscription.start();
    try {
      await subscription.waitFor(await t.store.headPosition(), 30_000);
    } finally {
      await subscription.stop();
    }
    expect(failures).toEqual([]);
  }

  beforeAll(async () => {
    t = await startChasingApp({ env: { CHASER: 'off' } });
    reactor = t.moduleRef.get(ChasingReactor);
    await t.moduleRef.get(ChaserStore).ensureSchema();
    // Ten days before the due date: every first step is a delayed job, and nothing fires.
    t.clock.set(dueDateStartsMs(DUE) - 10 * 86_400_000);
    addBulk = jest.spyOn(t.queue, 'addBulk');
  });

  afterAll(async () => {
    addBulk?.mockRestore();
    await t?.close();
  });

  it('a log that starts with the plan events adds each action its one job once', async () => {
    planId = randomUUID();
    otherPlanId = randomUUID();
    actionIds = await writeChasedPlan(t.store, planId, ACTIONS, DUE);
    otherActionIds = await writeChasedPlan(t.store, otherPlanId, OTHER_ACTIONS, DUE);
    const head = await t.store.headPosition();
    expect(head).toBe(3 * (2 + ACTIONS + OTHER_ACTIONS));
    // The read models are built before the reactor starts: the register knows every action's
    // last position, so the plan events meet actions whose own events are all still ahead.
    expect(await t.moduleRef.get(ReadModels).waitForPosition(head, 30_000)).toBe(true);

    addBulk.mockClear();
    await catchUp(3);

    const all = [...actionIds, ...otherActionIds];
    const expected = all.map(firstReminder);
    // (2) One add per action: the plan's batch added nothing, each action's own batch its job.
    expect(addedIds()).toHaveLength(all.length);
    expect(new Set(addedIds())).toEqual(new Set(expected));
    // (1) Each action has exactly its expected job, delayed, and the queue holds nothing else.
    expect((await stepsIn(['delayed'])).sort()).toEqual([...expected].sort());
    expect((await stepsIn(['delayed', 'waiting', 'active', 'completed', 'failed'])).sort()).toEqual(
      [...expected].sort(),
    );
    expect(reactor.position).toBe(head);
  });

  it('a policy change after all the actions’ events reschedules each action of its plan once', async () => {
    const from = await t.store.headPosition();
    await t.store.appendToStream(
      `plan-${planId}`,
      [leadEvent('ChasingPolicyConfigured', { policy: NEW_POLICY })],
      { expectedVersion: 2 },
    );
    const head = await t.store.headPosition();
    expect(head).toBe(from + 1);
    expect(await t.moduleRef.get(ReadModels).waitForPosition(head, 30_000)).toBe(true);

    addBulk.mockClear();
    await catchUp(3);

    // (3) Every action of the changed plan once, at its new next step; the other plan untouched.
    const expected = actionIds.map(dueReminder);
    expect(addedIds()).toHaveLength(ACTIONS);
    expect(new Set(addedIds())).toEqual(new Set(expected));
    const delayed = await stepsIn(['delayed']);
    for (const step of expected) expect(delayed).toContain(step);
    for (const id of otherActionIds) expect(delayed).not.toContain(dueReminder(id));
    expect(reactor.position).toBe(head);
  });

  it('a policy that moves the same step earlier gets a job at the earlier moment', async () => {
    // Same key (the first due-soon reminder), a longer lead time: the step now falls earlier.
    const earlier: ChasingPolicy = { ...SECONDS_POLICY, reminderLeadTimes: ['PT9S', 'PT2S'] };
    const planVersion = (await t.store.readStream(`plan-${planId}`)).length - 1;
    await t.store.appendToStream(
      `plan-${planId}`,
      [leadEvent('ChasingPolicyConfigured', { policy: SECONDS_POLICY })],
      { expectedVersion: planVersion },
    );
    await catchUp(3);
    // A job's delay is its moment less the test clock's now (which moves little between the two).
    const delays = async () => {
      const bySteps = new Map<string, number[]>();
      for (const job of await t.queue.getJobs(['delayed'])) {
        bySteps.set(stepOf(job.id!), [...(bySteps.get(stepOf(job.id!)) ?? []), job.delay]);
      }
      return bySteps;
    };
    const before = await delays();
    await t.store.appendToStream(
      `plan-${planId}`,
      [leadEvent('ChasingPolicyConfigured', { policy: earlier })],
      { expectedVersion: planVersion + 1 },
    );
    const head = await t.store.headPosition();
    expect(await t.moduleRef.get(ReadModels).waitForPosition(head, 30_000)).toBe(true);
    addBulk.mockClear();
    await catchUp(3);

    expect(addedIds().filter((id) => id.includes('-due-soon-'))).toHaveLength(ACTIONS);
    const after = await delays();
    for (const id of actionIds) {
      const step = firstReminder(id);
      const [old] = before.get(step)!;
      const delays = after.get(step)!;
      // A job of its own, five seconds sooner; the old one stays and will find nothing to do.
      expect(delays).toHaveLength(2);
      expect(delays).toContain(old);
      const sooner = delays.find((d) => d !== old)!;
      expect(old - sooner).toBeGreaterThanOrEqual(5_000);
      expect(old - sooner).toBeLessThan(6_000);
    }
  });
});
