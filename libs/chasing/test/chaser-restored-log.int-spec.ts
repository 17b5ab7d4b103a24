import { randomUUID } from 'node:crypto';
import { ChaserStore, ChasingReactor } from '@asc/chasing';
import { dueDateStartsMs } from '@asc/domain';
import { CheckpointedSubscription, type NewEvent } from '@asc/event-store';
import { BOARDS, type ChasingApp, SECONDS_POLICY, startChasingApp } from './chasing-test-app';

const DUE = '2031-10-14';

function event(type: string, data: Record<string, unknown>): NewEvent {
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
 * The event log restored from a backup while the chaser's checkpoint stays where it was, beyond
 * the restored log's end: kept, it would skip every event appended until the log caught up with
 * it, and the actions raised meanwhile would be chased by nobody. CHASER=off: the reactor is
 * driven by hand through the subscription it runs on.
 */
describe('chaser checkpoint ahead of a restored event log', () => {
  let t: ChasingApp;
  let reactor: ChasingReactor;
  let chaserStore: ChaserStore;

  beforeAll(async () => {
    t = await startChasingApp({ env: { CHASER: 'off' } });
    reactor = t.moduleRef.get(ChasingReactor);
    chaserStore = t.moduleRef.get(ChaserStore);
    await chaserStore.ensureSchema();
    t.clock.set(dueDateStartsMs(DUE) - 10 * 86_400_000);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function catchUp(): Promise<void> {
    const subscription = new CheckpointedSubscription(t.store, reactor, {
      logger: { warn: () => undefined, error: () => undefined },
    });
    subscription.start();
    try {
      await subscription.waitFor(await t.store.headPosition(), 30_000);
    } finally {
      await subscription.stop();
    }
  }

  it('given a checkpoint past the log, when the chaser starts, then it reacts from the start and schedules what was appended since', async () => {
    const planId = randomUUID();
    const actionId = randomUUID();
    await t.store.appendToStream(
      `plan-${planId}`,
      [
        event('PlanCreated', { planId, authority: 'Medway Council', title: 'Plan', period: null }),
        event('BoardConfigured', { ...BOARDS[0], chair: null }),
        event('ChasingPolicyConfigured', { policy: SECONDS_POLICY }),
      ],
      { expectedVersion: 'no_stream' },
    );
    await t.store.appendToStream(
      `action-${actionId}`,
      [
        event('ActionRaised', {
          actionId,
          planId,
          ref: 'QS1-1',
          title: 'Clear the assessment waiting list',
          description: null,
          qualityStatement: 'QS1',
          priority: 'medium',
          source: { kind: 'manual', reference: null },
        }),
        event('OwnerAssigned', {
          owner: { id: 'sam', name: 'Sam Manager', email: 'sam@council.example' },
          previousOwnerId: null,
        }),
        event('DueDateSet', { dueDate: DUE, previousDueDate: null, reason: null }),
      ],
      { expectedVersion: 'no_stream' },
    );
    const head = await t.store.headPosition();
    // Where the chaser had got to in the longer log the backup predates.
    const now = t.clock.now().toISOString();
    await chaserStore.commit(await chaserStore.loadCheckpoint(now), head + 500, [], now);

    expect(await reactor.loadCheckpoint()).toBe(0);
    expect(await chaserStore.loadCheckpoint(now)).toBe(0);
    await catchUp();

    expect(reactor.position).toBe(head);
    const jobs = (await t.queue.getJobs(['delayed', 'waiting'])).map((j) => j.id!);
    expect(jobs.some((id) => id.startsWith(`reminder-${actionId}-`))).toBe(true);
  });

  it('given a checkpoint level with the log, when the chaser starts again, then it resumes there', async () => {
    const head = await t.store.headPosition();
    expect(await chaserStore.loadCheckpoint(t.clock.now().toISOString())).toBe(head);
    expect(await reactor.loadCheckpoint()).toBe(head);
  });
});
