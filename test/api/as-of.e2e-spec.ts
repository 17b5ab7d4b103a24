import request from 'supertest';
import { startTestApp } from './api-test-app';

/** `asOf` on both as-of endpoints: every bad input is a 400 naming it, too early a 404 saying so. */
describe('asOf on GET /actions/:id and GET /plans/:planId/board-report', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let lead: string;
  let planId: string;
  let actionId: string;
  let planCreatedAt: string;
  let actionRaisedAt: string;

  beforeAll(async () => {
    t = await startTestApp();
    lead = await t.token('lead-1', ['admin', 'lead']);
    const post = (path: string, body: object) =>
      request(t.server).post(path).set('Authorization', `Bearer ${lead}`).send(body);
    planId = (await post('/plans', { authority: 'Medway Council', title: 'ASC plan' }).expect(201))
      .body.planId;
    planCreatedAt = (await t.store.readStream(`plan-${planId}`))[0].recordedAt;
    // The action is raised a moment after the plan, so a moment lies between the two.
    await new Promise((resolve) => setTimeout(resolve, 20));
    actionId = (
      await post('/actions', {
        planId,
        title: 'Clear the assessment waiting list',
        qualityStatement: 'QS1',
        priority: 'high',
      }).expect(201)
    ).body.actionId;
    actionRaisedAt = (await t.store.readStream(`action-${actionId}`))[0].recordedAt;
  });
  afterAll(() => t.close());

  const endpoints = () =>
    [
      ['GET /actions/:id', (asOf: string) => `/actions/${actionId}?asOf=${asOf}`],
      [
        'GET /plans/:planId/board-report',
        (asOf: string) => `/plans/${planId}/board-report?boardId=qapi-board&asOf=${asOf}`,
      ],
    ] as const;
  const get = (path: string) => request(t.server).get(path).set('Authorization', `Bearer ${lead}`);

  describe.each([
    ['GET /actions/:id', 0],
    ['GET /plans/:planId/board-report', 1],
  ])('%s', (_endpoint, which) => {
    const path = (asOf: string) => endpoints()[which][1](encodeURIComponent(asOf));

    it.each([
      ['in the future', '2999-01-01T00:00:00Z', /future/],
      ['malformed', 'last tuesday', /time zone/],
      ['an impossible date', '2025-02-30T10:00:00Z', /time zone/],
      ['without a time zone', '2025-03-03T17:00:00', /time zone/],
      ['a bare date', '2025-03-03', /time zone/],
    ])('asOf %s: 400 naming asOf', async (_name, asOf, rule) => {
      const res = await get(path(asOf)).expect(400);
      expect(res.body.errors).toEqual([{ field: 'asOf', rule: expect.stringMatching(rule) }]);
    });

    it('asOf given twice: 400 naming asOf', async () => {
      const at = encodeURIComponent(actionRaisedAt);
      const res = await get(`${path(actionRaisedAt)}&asOf=${at}`).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('asOf');
    });
  });

  it('an action before it existed: 404 no such action at that time', async () => {
    const res = await get(`/actions/${actionId}?asOf=${encodeURIComponent(planCreatedAt)}`).expect(
      404,
    );
    expect(res.body.detail).toMatch(/^No such action at that time/);
  });

  it('a plan before it existed: 404 no such plan at that time', async () => {
    const before = new Date(Date.parse(planCreatedAt) - 1000).toISOString();
    const res = await get(
      `/plans/${planId}/board-report?boardId=qapi-board&asOf=${encodeURIComponent(before)}`,
    ).expect(404);
    expect(res.body.detail).toMatch(/^No such plan at that time/);
  });

  it('a moment with an offset is the same instant in UTC', async () => {
    const raised = new Date(actionRaisedAt);
    const plusOne = new Date(raised.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
    const res = await get(`/actions/${actionId}?asOf=${encodeURIComponent(plusOne)}`).expect(200);
    expect(res.body).toMatchObject({ actionId, version: 0, asOf: raised.toISOString() });
    const report = await get(
      `/plans/${planId}/board-report?boardId=qapi-board&asOf=${encodeURIComponent(plusOne)}`,
    ).expect(200);
    expect(report.body.actionCount).toBe(1);
  });

  it('an action or plan that never existed: 404 without "at that time"', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    const a = await get(`/actions/${nobody}?asOf=${encodeURIComponent(actionRaisedAt)}`).expect(
      404,
    );
    expect(a.body.detail).toMatch(/^No action with id/);
    const p = await get(
      `/plans/${nobody}/board-report?boardId=qapi-board&asOf=${encodeURIComponent(actionRaisedAt)}`,
    ).expect(404);
    expect(p.body.detail).toMatch(/^No plan with id/);
  });
});
