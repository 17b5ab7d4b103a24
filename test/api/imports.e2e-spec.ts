import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { QUALITY_STATEMENT_CODES } from '@asc/domain';
import { startTestApp } from './api-test-app';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures', name), 'utf8');

describe('POST /plans/:planId/imports', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;
  let planId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.token('admin-1', ['admin']);
    planId = (await post('/plans', { authority: 'Medway Council', title: 'ASC improvement plan' }))
      .body.planId;
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    request(t.server).post(path).set('Authorization', `Bearer ${admin}`).send(body);

  it('brings in the Medway self-assessment: all nine statements, every priority an action', async () => {
    const res = await post(`/plans/${planId}/imports`, {
      format: 'self-assessment',
      content: fixture('medway-asc-self-assessment-2024.txt'),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      actionsRaised: 62,
      actionsAlreadyPresent: 0,
      findingsRecorded: 164,
      scoresRecorded: 0,
    });
    expect(res.body.qualityStatements).toEqual([...QUALITY_STATEMENT_CODES]);
    for (const skipped of res.body.skipped) {
      expect(skipped).toEqual({
        line: expect.any(Number),
        text: expect.any(String),
        reason: expect.any(String),
      });
    }
    const raised = (await t.store.readAll({ after: 0, limit: 10_000 })).filter(
      (e) => e.type === 'ActionRaised',
    );
    expect(raised).toHaveLength(62);
    const perStatement = Object.fromEntries(
      QUALITY_STATEMENT_CODES.map((qs) => [
        qs,
        raised.filter((e) => e.data.qualityStatement === qs).length,
      ]),
    );
    expect(perStatement).toEqual({
      QS1: 10,
      QS2: 7,
      QS3: 7,
      QS4: 6,
      QS5: 7,
      QS6: 4,
      QS7: 9,
      QS8: 7,
      QS9: 5,
    });
    expect(
      raised.every((e) => (e.data.source as { kind: string }).kind === 'self-assessment'),
    ).toBe(true);

    // The plan comes from its read model: wait for this import (read your own writes).
    const plan = await request(t.server)
      .get(`/plans/${planId}?minPosition=${res.body.position}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(plan.body.boards.map((b: { level: number }) => b.level)).toEqual([1, 2, 3]);
    expect(plan.body.findingCount).toBe(164);
  });

  it('importing the same document twice records nothing twice', async () => {
    const head = await t.store.headPosition();
    const res = await post(`/plans/${planId}/imports`, {
      format: 'self-assessment',
      content: fixture('medway-asc-self-assessment-2024.txt'),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      actionsRaised: 0,
      actionsAlreadyPresent: 62,
      findingsRecorded: 0,
      scoresRecorded: 0,
    });
    expect(await t.store.headPosition()).toBe(head);
  });

  it('records the score of a CQC excerpt against its quality statement', async () => {
    const res = await post(`/plans/${planId}/imports`, {
      format: 'self-assessment',
      content: fixture('cqc-governance-quality-statement.txt'),
      assessedAt: '2024-11-27',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scoresRecorded: 1, actionsRaised: 0 });
    const plan = await request(t.server)
      .get(`/plans/${planId}?minPosition=${res.body.position}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(plan.body.latestScores.QS8).toEqual({
      qualityStatement: 'QS8',
      score: 2,
      source: 'cqc',
      assessedAt: '2024-11-27',
    });
    expect(plan.body.overall).toMatchObject({ assessed: 1, complete: false });
  });

  it('imports a council spreadsheet and lists every row it cannot use, with its line and why', async () => {
    const csv = [
      'Title,Quality statement,Owner email,Due date,Priority',
      'Recruit two social workers,QS1,jo.bloggs@medway.example,2025-06-30,high',
      'Refresh the carers strategy,Equity in experiences and outcomes,sam@medway.example,31/07/2025,medium',
      'Impossible date,QS2,sam@medway.example,2025-02-30,low',
      'Unknown statement,QS12,sam@medway.example,2025-05-01,low',
      'Bad email,QS3,not-an-email,2025-05-01,low',
    ].join('\n');
    const res = await post(`/plans/${planId}/imports`, { format: 'csv', content: csv });
    expect(res.status).toBe(201);
    expect(res.body.actionsRaised).toBe(2);
    expect(res.body.skipped.map((s: { line: number }) => s.line)).toEqual([4, 5, 6]);
    expect(res.body.skipped[0].reason).toMatch(/due date/i);
    expect(res.body.skipped[1].reason).toMatch(/quality statement/i);
    expect(res.body.skipped[2].reason).toMatch(/email/i);
    const again = await post(`/plans/${planId}/imports`, { format: 'csv', content: csv });
    expect(again.body).toMatchObject({ actionsRaised: 0, actionsAlreadyPresent: 2 });
  });

  it.each([
    ['unknown format', { format: 'xlsx', content: 'x' }, 'format'],
    ['empty content', { format: 'self-assessment', content: '' }, 'content'],
    [
      'text with no quality statements',
      { format: 'self-assessment', content: 'Minutes of the meeting\nApologies were received.' },
      'content',
    ],
    [
      'a CSV without its required columns',
      { format: 'csv', content: 'Name,Colour\nx,y' },
      'content',
    ],
  ])('%s: 400 naming the field, nothing recorded', async (_name, body, field) => {
    const head = await t.store.headPosition();
    const res = await post(`/plans/${planId}/imports`, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('an unknown plan: 404', async () => {
    const res = await post('/plans/7d9f1c1e-8d7b-4a31-9c59-1f0c6a1b2c3d/imports', {
      format: 'csv',
      content: 'Title,Quality statement,Owner email,Due date\nx,QS1,a@b.example,2025-01-01',
    });
    expect(res.status).toBe(404);
  });
});
