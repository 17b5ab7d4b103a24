import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp } from './api-test-app';

describe('GET /plans/:planId/board-report', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;
  let board: string;
  let viewer: string;
  let planId: string;
  let planCreatedAt: string;
  let escalatedRef: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, board, viewer] = await Promise.all([
      t.token('admin-1', ['admin', 'lead']),
      t.token('chair-1', ['board']),
      t.token('viewer-1', ['viewer']),
    ]);
    const post = (path: string, body: object, token = admin) =>
      request(t.server).post(path).set('Authorization', `Bearer ${token}`).send(body);
    planId = (await post('/plans', { authority: 'Medway Council', title: 'ASC improvement plan' }))
      .body.planId;
    planCreatedAt = (await t.store.readStream(`plan-${planId}`))[0].recordedAt;
    const content = readFileSync(
      join(__dirname, '../../fixtures/medway-asc-self-assessment-2024.txt'),
      'utf8',
    );
    await post(`/plans/${planId}/imports`, { format: 'self-assessment', content }).expect(201);
    const raised = await post('/actions', {
      planId,
      title: 'Clear the <script>alert(1)</script> backlog of safeguarding enquiries',
      qualityStatement: 'Safeguarding',
      priority: 'high',
      owner: { id: 'sam', name: 'Sam Manager', email: 'sam@medway.example' },
      dueDate: '2025-01-31',
    }).expect(201);
    const esc = await post(`/actions/${raised.body.actionId}/escalate`, {
      boardId: 'qapi-board',
      reason: 'manual',
    }).expect(200);
    escalatedRef = (
      await request(t.server)
        .get(`/actions/${raised.body.actionId}`)
        .set('Authorization', `Bearer ${admin}`)
    ).body.ref;
    // The register (which lists a plan's actions) has caught up with the last write.
    await request(t.server)
      .get(`/actions?planId=${planId}&minPosition=${esc.body.position}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
  });
  afterAll(() => t.close());

  const get = (query: string, token = board) =>
    request(t.server)
      .get(`/plans/${planId}/board-report?${query}`)
      .set('Authorization', `Bearer ${token}`);

  it('JSON: every theme and statement with counts, escalations awaiting this board, overdue', async () => {
    const res = await get('boardId=qapi-board').expect(200);
    expect(res.body.board).toMatchObject({ boardId: 'qapi-board', level: 2 });
    expect(res.body.themes).toHaveLength(4);
    expect(
      res.body.themes.flatMap((th: { qualityStatements: unknown[] }) => th.qualityStatements),
    ).toHaveLength(9);
    expect(res.body.actionCount).toBe(63);
    expect(res.body.escalatedAwaitingDecision).toEqual([
      expect.objectContaining({ ref: escalatedRef }),
    ]);
    expect(res.body.overdue.map((o: { ref: string }) => o.ref)).toContain(escalatedRef);
  });

  it('another board does not see the escalation as awaiting its decision', async () => {
    const res = await get('boardId=performance-clinic').expect(200);
    expect(res.body.escalatedAwaitingDecision).toEqual([]);
  });

  it('as of the moment the plan was created: no actions yet', async () => {
    const res = await get(`boardId=qapi-board&asOf=${encodeURIComponent(planCreatedAt)}`).expect(
      200,
    );
    expect(res.body.actionCount).toBe(0);
    expect(res.body.escalatedAwaitingDecision).toEqual([]);
  });

  it('CSV for Excel and a printable page, both escaping what people typed', async () => {
    const csv = await get('boardId=qapi-board&format=csv', viewer).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="board-report-qapi-board-/,
    );
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const html = await get('boardId=qapi-board&format=html', viewer).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Medway Council');
    expect(html.text).not.toContain('<script>alert(1)</script>');
    expect(html.text).toContain('&lt;script&gt;');
  });

  it.each([
    ['no board', '', 'boardId'],
    ['an unknown format', 'boardId=qapi-board&format=pdf', 'format'],
    ['asOf without a time zone', 'boardId=qapi-board&asOf=2025-03-03T17:00:00', 'asOf'],
    ['asOf in the future', 'boardId=qapi-board&asOf=2099-01-01T00:00:00Z', 'asOf'],
    [
      'an impossible meeting date',
      'boardId=qapi-board&previousMeetingDate=2025-02-30',
      'previousMeetingDate',
    ],
  ])('%s: 400 naming the parameter', async (_name, query, field) => {
    const res = await get(query).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('an unknown board, or a moment before the plan existed: 404', async () => {
    await get('boardId=no-such-board').expect(404);
    const res = await get('boardId=qapi-board&asOf=2020-01-01T00:00:00Z').expect(404);
    expect(res.body.detail).toMatch(/No such plan at that time/);
  });
});
