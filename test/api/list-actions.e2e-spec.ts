import { Client } from 'pg';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../support/postgres-test-database';
import { startTestApp } from './api-test-app';

type App = Awaited<ReturnType<typeof startTestApp>>;

describe('GET /actions: the action register', () => {
  let t: App;
  let admin: string;
  let lead: string;
  let viewer: string;
  let planId: string;
  let otherPlanId: string;
  const ids: Record<string, string> = {};
  let lastPosition = 0;
  const sam = { id: 'sam-7', name: 'Sam Manager', email: 'Sam@Council.example' };
  const kim = { id: 'kim-9', name: 'Kim Lead', email: 'kim@council.example' };

  beforeAll(async () => {
    t = await startTestApp();
    [admin, lead, viewer] = await Promise.all([
      t.token('admin-1', ['admin']),
      t.token('lead-1', ['lead']),
      t.token('viewer-1', ['viewer']),
    ]);
    planId = (await post('/plans', admin, { authority: 'Medway', title: 'ASC plan' }).expect(201))
      .body.planId;
    otherPlanId = (await post('/plans', admin, { authority: 'Kent', title: 'Other' }).expect(201))
      .body.planId;
    const raise = async (key: string, body: Record<string, unknown>) => {
      const res = await post('/actions', lead, { priority: 'medium', ...body }).expect(201);
      ids[key] = res.body.actionId;
      lastPosition = res.body.position;
    };
    // Long past and far future dates: the statuses hold whatever day the suite runs.
    await raise('late', {
      planId,
      ref: 'A-01',
      title: 'Clear the safeguarding backlog',
      qualityStatement: 'Safeguarding',
      owner: sam,
      dueDate: '2020-01-10',
    });
    await raise('future', {
      planId,
      ref: 'A-02',
      title: 'Refresh the carers strategy',
      qualityStatement: 'QS1',
      owner: kim,
      dueDate: '2099-06-30',
    });
    await raise('undated', {
      planId,
      ref: 'A-03',
      title: 'Agree a transitions protocol',
      qualityStatement: 'QS6',
    });
    await raise('elsewhere', {
      planId: otherPlanId,
      ref: 'B-01',
      title: 'Another council',
      qualityStatement: 'QS7',
      owner: sam,
      dueDate: '2099-01-31',
    });
    const escalation = await post(`/actions/${ids.late}/escalate`, lead, {
      boardId: 'qapi-board',
      reason: 'overdue',
    }).expect(200);
    lastPosition = escalation.body.position;
  });

  afterAll(() => t.close());

  function post(path: string, token: string, body: unknown) {
    return request(t.server)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  }
  function list(query: Record<string, string | number | boolean>, token = viewer) {
    return request(t.server)
      .get('/actions')
      .query({ minPosition: lastPosition, ...query })
      .set('Authorization', `Bearer ${token}`);
  }
  const refs = (res: request.Response) => res.body.items.map((i: { ref: string }) => i.ref);

  it('answers { items, page, pageSize, total } with delivery status and days overdue', async () => {
    const res = await list({}).expect(200);
    expect(Number(res.headers['x-read-model-position'])).toBeGreaterThanOrEqual(lastPosition);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 4 });
    expect(refs(res)).toEqual(['A-01', 'B-01', 'A-02', 'A-03']);
    const late = res.body.items[0];
    expect(late).toMatchObject({
      actionId: ids.late,
      planId,
      qualityStatement: 'QS7',
      status: 'open',
      deliveryStatus: 'overdue',
      owner: sam,
      dueDate: '2020-01-10',
      escalationLevel: 2,
      escalatedToBoardId: 'qapi-board',
      awaitingBoardDecision: true,
    });
    expect(late.daysOverdue).toBeGreaterThan(2000);
    expect(res.body.items[2]).toMatchObject({ deliveryStatus: 'not started', daysOverdue: 0 });
  });

  it('reads your own write: a command then a query with its position', async () => {
    for (let i = 0; i < 3; i++) {
      const raised = await post('/actions', lead, {
        planId: otherPlanId,
        title: `Fresh ${i}`,
        qualityStatement: 'QS9',
        priority: 'low',
      }).expect(201);
      const res = await list({ minPosition: raised.body.position, qualityStatement: 'QS9' });
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: { actionId: string }) => a.actionId)).toContain(
        raised.body.actionId,
      );
      expect(Number(res.headers['x-read-model-position'])).toBeGreaterThanOrEqual(
        raised.body.position,
      );
    }
  });

  it('a position not reached within 2 s still answers, saying how far the register got', async () => {
    const head = await t.store.headPosition();
    const started = Date.now();
    const res = await list({ minPosition: head + 1000 }).expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Number(res.headers['x-read-model-position'])).toBe(head);
  });

  it.each<[string, Record<string, string | number | boolean>, string[]]>([
    ['plan', { planId: 'PLAN' }, ['A-01', 'A-02', 'A-03']],
    ['status overdue', { status: 'overdue' }, ['A-01']],
    [
      'status list, hyphenated',
      { status: 'not-started,overdue', planId: 'PLAN' },
      ['A-01', 'A-02', 'A-03'],
    ],
    ['lifecycle status raised', { status: 'raised', planId: 'PLAN' }, ['A-03']],
    ['owner id', { owner: 'sam-7' }, ['A-01', 'B-01']],
    ['owner email, any case', { owner: 'sam@council.example' }, ['A-01', 'B-01']],
    ['quality statement by name', { qualityStatement: 'safeguarding', planId: 'PLAN' }, ['A-01']],
    ['quality statement by code', { qualityStatement: 'QS1' }, ['A-02']],
    ['overdue', { overdue: true }, ['A-01']],
    ['not overdue', { overdue: false, planId: 'PLAN' }, ['A-02', 'A-03']],
    ['escalated to a board', { escalatedTo: 'qapi-board' }, ['A-01']],
    ['escalated elsewhere', { escalatedTo: 'performance-clinic' }, []],
    ['due window', { dueFrom: '2099-01-01', dueTo: '2099-03-31' }, ['B-01']],
  ])('filters: %s', async (_name, query, expected) => {
    const resolved = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [k, v === 'PLAN' ? planId : v]),
    );
    const res = await list(resolved).expect(200);
    expect(refs(res)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it('pages in a stable order', async () => {
    const pages = [];
    for (let page = 1; page <= 3; page++) {
      const res = await list({ planId, page, pageSize: 1 }).expect(200);
      expect(res.body).toMatchObject({ page, pageSize: 1, total: 3 });
      pages.push(...refs(res));
    }
    expect(pages).toEqual(['A-01', 'A-02', 'A-03']);
    expect((await list({ planId, page: 9, pageSize: 1 }).expect(200)).body.items).toEqual([]);
  });

  it.each<[string, Record<string, string | number>, string]>([
    ['planId not a UUID', { planId: 'nope' }, 'planId'],
    ['unknown status', { status: 'late' }, 'status'],
    ['one unknown status in a list', { status: 'overdue,late' }, 'status'],
    ['page size over the limit', { pageSize: 201 }, 'pageSize'],
    ['page size not a number', { pageSize: 'ten' }, 'pageSize'],
    ['page 0', { page: 0 }, 'page'],
    ['overdue neither true nor false', { overdue: 'yes' }, 'overdue'],
    ['unknown quality statement', { qualityStatement: 'QS99' }, 'qualityStatement'],
    ['impossible date', { dueFrom: '2025-02-30' }, 'dueFrom'],
    ['date in another format', { dueTo: '31/03/2025' }, 'dueTo'],
    ['negative minPosition', { minPosition: -1 }, 'minPosition'],
    ['board id with spaces', { escalatedTo: 'a board' }, 'escalatedTo'],
    ['unknown parameter', { colour: 'red' }, 'colour'],
  ])('400 naming the parameter: %s', async (_name, query, field) => {
    const res = await list(query).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    // Every rule the value breaks is listed, each naming the parameter.
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
  });

  it('needs a token; every role may read the register', async () => {
    await request(t.server).get('/actions').expect(401);
    await list({}, admin).expect(200);
    await list({}, lead).expect(200);
  });
});

describe('GET /actions with the events and read models in PostgreSQL', () => {
  let pg: TestDatabase;
  let t: App;
  const saved = { EVENT_STORE: process.env.EVENT_STORE, DATABASE_URL: process.env.DATABASE_URL };

  beforeAll(async () => {
    pg = await createTestDatabase('api');
    t = await startTestApp({ EVENT_STORE: 'postgres', DATABASE_URL: pg.url });
  });

  afterAll(async () => {
    await t?.close();
    await pg?.drop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('keeps the register in schema rm and reads its own writes', async () => {
    const [admin, lead] = await Promise.all([
      t.token('admin-1', ['admin']),
      t.token('lead-1', ['lead']),
    ]);
    const planId = (
      await request(t.server)
        .post('/plans')
        .set('Authorization', `Bearer ${admin}`)
        .send({ authority: 'Medway', title: 'ASC plan' })
        .expect(201)
    ).body.planId;
    const raised = await request(t.server)
      .post('/actions')
      .set('Authorization', `Bearer ${lead}`)
      .send({ planId, title: 'Clear the backlog', qualityStatement: 'QS1', priority: 'high' })
      .expect(201);
    const res = await request(t.server)
      .get('/actions')
      .query({ planId, minPosition: raised.body.position })
      .set('Authorization', `Bearer ${lead}`)
      .expect(200);
    expect(res.body).toMatchObject({
      total: 1,
      items: [{ actionId: raised.body.actionId, deliveryStatus: 'not started' }],
    });
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    try {
      const rows = await client.query('SELECT action_id FROM rm.action_register');
      expect(rows.rows).toEqual([{ action_id: raised.body.actionId }]);
    } finally {
      await client.end();
    }
  });
});
