import request from 'supertest';
import { startTestApp } from './api-test-app';

describe('Idempotency-Key across a restart', () => {
  it('a retry after the engine restarted returns the first answer and appends nothing', async () => {
    let t = await startTestApp();
    const lead = await t.token('lead-1', ['lead', 'admin']);
    const plan = await request(t.server)
      .post('/plans')
      .set('Authorization', `Bearer ${lead}`)
      .set('Idempotency-Key', 'create-plan-2025')
      .send({ authority: 'Medway Council', title: 'Plan' })
      .expect(201);
    const raise = (server: unknown) =>
      request(server as never)
        .post('/actions')
        .set('Authorization', `Bearer ${lead}`)
        .set('Idempotency-Key', 'raise-waiting-list')
        .send({
          planId: plan.body.planId,
          title: 'Clear the waiting list',
          qualityStatement: 'QS1',
          priority: 'high',
        });
    const first = await raise(t.server).expect(201);
    const head = await t.store.headPosition();
    await t.close(true);

    t = await startTestApp({}, { dataDir: t.dataDir });
    try {
      const retry = await raise(t.server).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const planRetry = await request(t.server)
        .post('/plans')
        .set('Authorization', `Bearer ${lead}`)
        .set('Idempotency-Key', 'create-plan-2025')
        .send({ authority: 'Medway Council', title: 'Plan' })
        .expect(201);
      expect(planRetry.body).toEqual(plan.body);
      expect(await t.store.headPosition()).toBe(head);

      // The same key from someone else is a different request altogether.
      const other = await t.token('lead-2', ['lead']);
      const theirs = await request(t.server)
        .post('/actions')
        .set('Authorization', `Bearer ${other}`)
        .set('Idempotency-Key', 'raise-waiting-list')
        .send({
          planId: plan.body.planId,
          title: 'Clear the waiting list',
          qualityStatement: 'QS1',
          priority: 'high',
        })
        .expect(201);
      expect(theirs.body.actionId).not.toBe(first.body.actionId);
    } finally {
      await t.close();
    }
  });
});
