import { randomUUID } from 'node:crypto';
import { ChaserStore, ChasingReactor } from '@asc/chasing';
import { dueDateStartsMs } from '@asc/domain';
import { CheckpointedSubscription } from '@asc/event-store';
import { type ChasingApp, startChasingApp, writeChasedPlan } from './chasing-test-app';

const DUE = '2031-10-14';

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
    const [actionId] = await writeChasedPlan(t.store, randomUUID(), 1, DUE);
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
