import request from 'supertest';
import { startTestApp } from './api-test-app';

describe('GET /plans/:planId from the plan-summary read model', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin-1', ['admin']);
  });
  afterAll(() => t.close());

  const call = (method: 'get' | 'post' | 'put', path: string, body?: object) =>
    request(t.server)[method](path).set('Authorization', `Bearer ${admin}`).send(body);

  it('answers what the replay answers, waiting for minPosition, with X-Read-Model-Position', async () => {
    const created = await call('post', '/plans', { authority: 'Medway Council', title: 'Plan' });
    const { planId } = created.body;
    await call('put', `/plans/${planId}/boards/clinic`, { name: 'Clinic', level: 1 });
    const scored = await call('post', `/plans/${planId}/scores`, {
      qualityStatement: 'QS8',
      score: 2,
      source: 'cqc',
      assessedAt: '2024-11-27',
    });
    expect(scored.status).toBe(201);
    const res = await call('get', `/plans/${planId}?minPosition=${scored.body.position}`);
    expect(res.status).toBe(200);
    expect(Number(res.headers['x-read-model-position'])).toBeGreaterThanOrEqual(
      scored.body.position,
    );
    expect(res.body).toMatchObject({
      planId,
      version: 2,
      boards: [expect.objectContaining({ boardId: 'clinic', level: 1 })],
      latestScores: { QS8: expect.objectContaining({ score: 2 }) },
      chasingPolicyConfigured: false,
    });
    // The as-of replay (now, after the last write) gives the same plan.
    await new Promise((r) => setTimeout(r, 5));
    const asOf = new Date().toISOString();
    const replayed = await call('get', `/plans/${planId}?asOf=${asOf}`);
    expect(replayed.headers['x-read-model-position']).toBeUndefined();
    const { asOf: _a, ...fromReadModel } = res.body;
    const { asOf: _b, ...fromLog } = replayed.body;
    expect(fromReadModel).toEqual(fromLog);
  });

  it('refuses a minPosition that is not a whole number (400), and an unknown plan is 404', async () => {
    const bad = await call('get', `/plans/${crypto.randomUUID()}?minPosition=abc`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('minPosition');
    expect((await call('get', `/plans/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
