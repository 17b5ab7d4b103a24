import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { startTestApp, TEST_SECRET } from './api-test-app';

type App = Awaited<ReturnType<typeof startTestApp>>;

describe('commands over HTTP', () => {
  let t: App;
  let admin: string;
  let lead: string;
  let owner: string;
  let otherOwner: string;
  let viewer: string;
  let board: string;
  let planId: string;
  let actionId: string;
  const sam = { id: 'sam-7', name: 'Sam Manager', email: 'sam@council.example' };

  beforeAll(async () => {
    t = await startTestApp();
    [admin, lead, owner, otherOwner, viewer, board] = await Promise.all([
      t.token('admin-1', ['admin']),
      t.token('lead-1', ['lead']),
      t.token('sam-7', ['owner']),
      t.token('kim-9', ['owner']),
      t.token('viewer-1', ['viewer']),
      t.token('chair-1', ['board']),
    ]);
    planId = (
      await post('/plans', admin, {
        authority: 'Medway Council',
        title: 'ASC improvement plan',
      }).expect(201)
    ).body.planId;
    actionId = (
      await post('/actions', lead, {
        planId,
        title: 'Clear the assessment waiting list',
        qualityStatement: 'Assessing needs',
        priority: 'high',
        owner: sam,
        dueDate: '2025-06-30',
      }).expect(201)
    ).body.actionId;
  });

  afterAll(() => t.close());

  function post(path: string, token: string, body: unknown, headers: Record<string, string> = {}) {
    return request(t.server)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set(headers)
      .send(body as object);
  }
  function put(path: string, token: string, body: unknown) {
    return request(t.server)
      .put(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  }
  const long = (n: number) => 'x'.repeat(n);

  describe('malformed requests: 400 naming the field, nothing recorded', () => {
    let headBefore: number;
    beforeAll(async () => {
      headBefore = await t.store.headPosition();
    });

    const a = () => `/actions/${actionId}`;
    const p = () => `/plans/${planId}`;
    // [name, method, path, token, body, field]
    const cases: [string, 'post' | 'put', () => string, () => string, () => unknown, string][] = [
      [
        'plan without authority',
        'post',
        () => '/plans',
        () => admin,
        () => ({ title: 'x' }),
        'authority',
      ],
      [
        'plan title of the wrong type',
        'post',
        () => '/plans',
        () => admin,
        () => ({ authority: 'A', title: 7 }),
        'title',
      ],
      [
        'plan title too long',
        'post',
        () => '/plans',
        () => admin,
        () => ({ authority: 'A', title: long(201) }),
        'title',
      ],
      [
        'plan with an unknown field',
        'post',
        () => '/plans',
        () => admin,
        () => ({ authority: 'A', title: 'T', colour: 'red' }),
        'colour',
      ],
      [
        'plan period with an impossible date',
        'post',
        () => '/plans',
        () => admin,
        () => ({ authority: 'A', title: 'T', period: { from: '2025-02-30', to: '2026-03-31' } }),
        'period.from',
      ],
      [
        'board level 0',
        'put',
        () => `${p()}/boards/clinic`,
        () => admin,
        () => ({ name: 'Clinic', level: 0 }),
        'level',
      ],
      [
        'board level as text',
        'put',
        () => `${p()}/boards/clinic`,
        () => admin,
        () => ({ name: 'Clinic', level: 'one' }),
        'level',
      ],
      [
        'board email invalid',
        'put',
        () => `${p()}/boards/clinic`,
        () => admin,
        () => ({ name: 'Clinic', level: 1, email: 'not-an-email' }),
        'email',
      ],
      [
        'board id with a space',
        'put',
        () => `${p()}/boards/${encodeURIComponent('a b')}`,
        () => admin,
        () => ({ name: 'Clinic', level: 1 }),
        'boardId',
      ],
      [
        'policy lead times not a list',
        'put',
        () => `${p()}/policy`,
        () => admin,
        () => ({
          reminderLeadTimes: 'P7D',
          remindOnDueDate: true,
          overdueReminderInterval: null,
          escalationThresholds: [],
          highPriorityLevelsSooner: 1,
          consecutiveOffTrackToEscalate: 2,
          offTrackEscalationLevel: 1,
        }),
        'reminderLeadTimes',
      ],
      [
        'policy flag as text',
        'put',
        () => `${p()}/policy`,
        () => admin,
        () => ({
          reminderLeadTimes: ['P7D'],
          remindOnDueDate: 'yes',
          overdueReminderInterval: null,
          escalationThresholds: [],
          highPriorityLevelsSooner: 1,
          consecutiveOffTrackToEscalate: 2,
          offTrackEscalationLevel: 1,
        }),
        'remindOnDueDate',
      ],
      [
        'score out of range',
        'post',
        () => `${p()}/scores`,
        () => admin,
        () => ({ qualityStatement: 'QS8', score: 5, source: 'cqc', assessedAt: '2024-10-01' }),
        'score',
      ],
      [
        'score for an unknown statement',
        'post',
        () => `${p()}/scores`,
        () => admin,
        () => ({ qualityStatement: 'QS10', score: 2, source: 'cqc', assessedAt: '2024-10-01' }),
        'qualityStatement',
      ],
      [
        'score from an unknown source',
        'post',
        () => `${p()}/scores`,
        () => admin,
        () => ({ qualityStatement: 'QS8', score: 2, source: 'rumour', assessedAt: '2024-10-01' }),
        'source',
      ],
      [
        'score date in the wrong form',
        'post',
        () => `${p()}/scores`,
        () => admin,
        () => ({ qualityStatement: 'QS8', score: 2, source: 'cqc', assessedAt: '01/10/2024' }),
        'assessedAt',
      ],
      [
        'action without title',
        'post',
        () => '/actions',
        () => lead,
        () => ({ planId, qualityStatement: 'QS1', priority: 'high' }),
        'title',
      ],
      [
        'action with an unknown quality statement',
        'post',
        () => '/actions',
        () => lead,
        () => ({ planId, title: 'T', qualityStatement: 'Happiness', priority: 'high' }),
        'qualityStatement',
      ],
      [
        'action priority unknown',
        'post',
        () => '/actions',
        () => lead,
        () => ({ planId, title: 'T', qualityStatement: 'QS1', priority: 'urgent' }),
        'priority',
      ],
      [
        'action due date impossible',
        'post',
        () => '/actions',
        () => lead,
        () => ({
          planId,
          title: 'T',
          qualityStatement: 'QS1',
          priority: 'low',
          dueDate: '2025-02-30',
        }),
        'dueDate',
      ],
      [
        'action owner email invalid',
        'post',
        () => '/actions',
        () => lead,
        () => ({
          planId,
          title: 'T',
          qualityStatement: 'QS1',
          priority: 'low',
          owner: { ...sam, email: 'sam' },
        }),
        'owner.email',
      ],
      [
        'action plan id not a UUID',
        'post',
        () => '/actions',
        () => lead,
        () => ({ planId: 'plan-1', title: 'T', qualityStatement: 'QS1', priority: 'low' }),
        'planId',
      ],
      [
        'action description too long',
        'post',
        () => '/actions',
        () => lead,
        () => ({
          planId,
          title: 'T',
          qualityStatement: 'QS1',
          priority: 'low',
          description: long(4001),
        }),
        'description',
      ],
      ['owner missing', 'post', () => `${a()}/owner`, () => lead, () => ({}), 'owner'],
      [
        'owner without a name',
        'post',
        () => `${a()}/owner`,
        () => lead,
        () => ({ owner: { id: 'x', email: 'x@council.example' } }),
        'owner.name',
      ],
      [
        'due date in UK form',
        'post',
        () => `${a()}/due-date`,
        () => lead,
        () => ({ dueDate: '31/07/2025', reason: 'r' }),
        'dueDate',
      ],
      [
        're-plan reason too long',
        'post',
        () => `${a()}/due-date`,
        () => lead,
        () => ({ dueDate: '2025-07-31', reason: long(1001) }),
        'reason',
      ],
      [
        'percent over 100',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 101, confidence: 'on-track', note: 'n' }),
        'percentComplete',
      ],
      [
        'percent as text',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 'fifty', confidence: 'on-track', note: 'n' }),
        'percentComplete',
      ],
      [
        'percent not whole',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 50.5, confidence: 'on-track', note: 'n' }),
        'percentComplete',
      ],
      [
        'confidence unknown',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 50, confidence: 'fine', note: 'n' }),
        'confidence',
      ],
      [
        'progress without note',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 50, confidence: 'on-track' }),
        'note',
      ],
      [
        'evidence link not a URL',
        'post',
        () => `${a()}/evidence`,
        () => owner,
        () => ({ title: 'Audit', uri: 'not a link' }),
        'uri',
      ],
      [
        'evidence hash not sha256',
        'post',
        () => `${a()}/evidence`,
        () => owner,
        () => ({ title: 'Audit', uri: 'https://x.example/a', sha256: 'abc' }),
        'sha256',
      ],
      [
        'completion without summary',
        'post',
        () => `${a()}/complete`,
        () => owner,
        () => ({ summary: '   ' }),
        'summary',
      ],
      [
        'verification note too long',
        'post',
        () => `${a()}/verify`,
        () => lead,
        () => ({ note: long(2001) }),
        'note',
      ],
      ['rejection without reason', 'post', () => `${a()}/reject`, () => lead, () => ({}), 'reason'],
      [
        'cancel reason blank',
        'post',
        () => `${a()}/cancel`,
        () => lead,
        () => ({ reason: '  ' }),
        'reason',
      ],
      [
        'escalation without board',
        'post',
        () => `${a()}/escalate`,
        () => lead,
        () => ({ reason: 'manual' }),
        'boardId',
      ],
      [
        'escalation reason unknown',
        'post',
        () => `${a()}/escalate`,
        () => lead,
        () => ({ boardId: 'performance-clinic', reason: 'bored' }),
        'reason',
      ],
      [
        'decision unknown',
        'post',
        () => `${a()}/decisions`,
        () => board,
        () => ({ boardId: 'performance-clinic', decision: 'maybe', meetingDate: '2025-03-03' }),
        'decision',
      ],
      [
        'meeting on 29 February of a common year',
        'post',
        () => `${a()}/decisions`,
        () => board,
        () => ({ boardId: 'performance-clinic', decision: 'note', meetingDate: '2025-02-29' }),
        'meetingDate',
      ],
      [
        'action id not a UUID',
        'post',
        () => '/actions/123/progress',
        () => owner,
        () => ({ percentComplete: 1, confidence: 'on-track', note: 'n' }),
        'id',
      ],
      [
        'If-Match not a version',
        'post',
        () => `${a()}/progress`,
        () => owner,
        () => ({ percentComplete: 1, confidence: 'on-track', note: 'n', __ifMatch: 'abc' }),
        'If-Match',
      ],
    ];

    it.each(cases)('%s', async (_name, method, path, token, body, field) => {
      const payload = body() as Record<string, unknown>;
      const { __ifMatch, ...rest } = payload;
      let req = method === 'post' ? post(path(), token(), rest) : put(path(), token(), rest);
      if (__ifMatch) req = req.set('If-Match', String(__ifMatch));
      const res = await req;
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('invalid JSON: 400 naming the body', async () => {
      const res = await request(t.server)
        .post('/actions')
        .set('Authorization', `Bearer ${lead}`)
        .set('Content-Type', 'application/json')
        .send('{"planId": ');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', rule: 'must be valid JSON' }]);
    });

    it('wrong content type: 415 naming Content-Type', async () => {
      const res = await request(t.server)
        .post('/actions')
        .set('Authorization', `Bearer ${lead}`)
        .set('Content-Type', 'text/plain')
        .send('raise an action please');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ status: 415, errors: [{ field: 'Content-Type' }] });
    });

    it('a 10 MB body: 413 naming the body, without reading it all', async () => {
      const res = await request(t.server)
        .post('/actions')
        .set('Authorization', `Bearer ${lead}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ title: long(10 * 1024 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.errors[0].field).toBe('body');
    });

    it('recorded nothing', async () => {
      expect(await t.store.headPosition()).toBe(headBefore);
    });
  });

  describe('authentication and roles', () => {
    const raise = () => ({ planId, title: 'T', qualityStatement: 'QS1', priority: 'low' });

    it('no token: 401 with a Bearer challenge', async () => {
      const res = await request(t.server).post('/actions').send(raise());
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it.each([
      ['bad signature', async () => (await t.token('lead-1', ['lead'])).slice(0, -4) + 'AAAA'],
      [
        'expired',
        () =>
          t.token('lead-1', ['lead'], { ttl: '60s', issuedAt: new Date(Date.now() - 3_600_000) }),
      ],
      [
        'wrong audience',
        () =>
          new SignJWT({ roles: ['lead'] })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('lead-1')
            .setIssuer('asc-action-plan-engine')
            .setAudience('someone-else')
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(TEST_SECRET)),
      ],
    ])('%s: 401', async (_name, make) => {
      const res = await post('/actions', await make(), raise());
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    });

    it('a viewer may not raise: 403 naming the permission', async () => {
      const res = await post('/actions', viewer, raise());
      expect(res.status).toBe(403);
      expect(res.body.requiredPermission).toBe('action:raise');
    });

    it('an owner may not report on someone else’s action', async () => {
      const res = await post(`/actions/${actionId}/progress`, otherOwner, {
        percentComplete: 10,
        confidence: 'on-track',
        note: '',
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        requiredPermission: 'action:progress',
        reason: 'not-owner',
      });
    });
  });

  describe('the life of an action', () => {
    it('is recorded event by event, with its real actors, and nothing else', async () => {
      const before = await t.store.headPosition();
      let res = await post(`/actions/${actionId}/progress`, owner, {
        percentComplete: 40,
        confidence: 'at-risk',
        note: 'Two posts vacant',
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${res.body.version}"`);

      // Stale If-Match: 409 with both versions.
      res = await post(
        `/actions/${actionId}/progress`,
        owner,
        { percentComplete: 45, confidence: 'at-risk', note: '' },
        { 'If-Match': '1' },
      );
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ expectedVersion: 1, actualVersion: 3 });

      // Re-planning a set date needs a reason: a rule of the domain, 422 naming it.
      res = await post(`/actions/${actionId}/due-date`, lead, { dueDate: '2025-09-30' });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('due-date-change-requires-reason');
      res = await post(
        `/actions/${actionId}/due-date`,
        lead,
        { dueDate: '2025-09-30', reason: 'Recruitment delayed' },
        { 'If-Match': '3' },
      );
      expect(res.status).toBe(200);

      // Idempotency-Key: the retry returns the first answer and appends nothing.
      const key = randomUUID();
      const first = await post(
        `/actions/${actionId}/evidence`,
        owner,
        { title: 'Waiting list audit', uri: 'https://sharepoint.example/audit.pdf' },
        { 'Idempotency-Key': key },
      );
      const retry = await post(
        `/actions/${actionId}/evidence`,
        owner,
        { title: 'Waiting list audit', uri: 'https://sharepoint.example/audit.pdf' },
        { 'Idempotency-Key': key },
      );
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');

      expect(
        (
          await post(`/actions/${actionId}/escalate`, lead, {
            boardId: 'qapi-board',
            reason: 'manual',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await post(`/actions/${actionId}/decisions`, board, {
            boardId: 'qapi-board',
            decision: 'note',
            note: 'Monitor monthly',
            meetingDate: '2025-04-01',
          })
        ).status,
      ).toBe(200);
      expect(
        (await post(`/actions/${actionId}/complete`, owner, { summary: 'Waiting list cleared' }))
          .status,
      ).toBe(200);
      res = await post(`/actions/${actionId}/progress`, owner, {
        percentComplete: 100,
        confidence: 'on-track',
        note: '',
      });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('progress-requires-open-action');
      expect(
        (await post(`/actions/${actionId}/verify`, board, { note: 'Evidence seen' })).status,
      ).toBe(200);
      res = await post(`/actions/${actionId}/cancel`, lead, { reason: 'too late' });
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('action-is-closed');

      const unknown = await post(`/actions/${randomUUID()}/progress`, owner, {
        percentComplete: 1,
        confidence: 'on-track',
        note: '',
      });
      expect(unknown.status).toBe(404);

      const recorded = await t.store.readAll({ after: before });
      expect(recorded.map((e) => [e.type, e.metadata.actor])).toEqual([
        ['ProgressReported', 'sam-7'],
        ['DueDateSet', 'lead-1'],
        ['EvidenceAdded', 'sam-7'],
        ['ActionEscalated', 'lead-1'],
        ['BoardDecisionRecorded', 'chair-1'],
        ['ActionCompleted', 'sam-7'],
        ['CompletionVerified', 'chair-1'],
      ]);
      expect(recorded[1].data).toMatchObject({
        dueDate: '2025-09-30',
        previousDueDate: '2025-06-30',
        reason: 'Recruitment delayed',
      });

      const state = await request(t.server)
        .get(`/actions/${actionId}`)
        .set('Authorization', `Bearer ${viewer}`)
        .expect(200);
      expect(state.body).toMatchObject({
        status: 'closed',
        deliveryStatus: 'closed',
        escalationLevel: 2,
        dueDateChangeCount: 1,
      });
      expect(await t.store.verify()).toMatchObject({ ok: true });
    });

    it('a request id becomes the correlation id of the events it records', async () => {
      const res = await post(
        '/plans',
        admin,
        { authority: 'Kent', title: 'Plan' },
        { 'X-Request-Id': 'board-pack-2025-03' },
      );
      expect(res.status).toBe(201);
      expect(res.headers['x-request-id']).toBe('board-pack-2025-03');
      const [created] = await t.store.readStream(`plan-${res.body.planId}`);
      expect(created.metadata).toMatchObject({
        actor: 'admin-1',
        correlationId: 'board-pack-2025-03',
      });
    });
  });
});
