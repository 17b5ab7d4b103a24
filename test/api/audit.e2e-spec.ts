import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import request from 'supertest';
import { issueDevToken, resolveHmacTokenKey, type Role } from '@asc/auth';
import { loadEngineConfig } from '@asc/config';
import { type NewEvent } from '@asc/event-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres-test-database';
import { startTestApp } from './api-test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** The command line as an operator runs it, on the same data (tsx: no build needed). */
function cli(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

type App = Awaited<ReturnType<typeof startTestApp>>;

/** Tokens with a real `name` claim, as an identity provider issues them. */
function namedToken(sub: string, name: string, roles: Role[]) {
  return issueDevToken(
    { sub, name, email: `${sub}@council.example`, roles },
    resolveHmacTokenKey(loadEngineConfig(process.env)),
  );
}

async function raiseAndReplan(t: App) {
  const lead = await namedToken('jsmith', 'J. Smith', ['lead', 'admin']);
  const post = (path: string, body: object) =>
    request(t.server).post(path).set('Authorization', `Bearer ${lead}`).send(body);
  const { planId } = (
    await post('/plans', { authority: 'Medway Council', title: 'ASC plan' }).expect(201)
  ).body;
  const { actionId } = (
    await post('/actions', {
      planId,
      title: 'Clear the safeguarding backlog',
      qualityStatement: 'QS7',
      priority: 'high',
      owner: { id: 'sam', name: 'Sam Manager', email: 'sam@council.example' },
      dueDate: '2025-03-31',
    }).expect(201)
  ).body;
  await post(`/actions/${actionId}/due-date`, {
    dueDate: '2025-06-30',
    reason: 'recruitment delayed',
  }).expect(200);
  await post(`/actions/${actionId}/escalate`, { boardId: 'qapi-board', reason: 'manual' }).expect(
    200,
  );
  return { planId, actionId };
}

describe('auditor endpoints on SQLite', () => {
  let t: App;
  let auditor: string;
  let actionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    auditor = await namedToken('aud-1', 'Ann Auditor', ['auditor']);
    ({ actionId } = await raiseAndReplan(t));
  });
  afterAll(() => t.close());

  const get = (path: string, token = auditor) =>
    request(t.server).get(path).set('Authorization', `Bearer ${token}`);

  describe('GET /actions/:id/history', () => {
    it('every event with its position, hash, actor and a sentence a person reads', async () => {
      const res = await get(`/actions/${actionId}/history`).expect(200);
      const stored = await t.store.readStream(`action-${actionId}`);
      expect(res.body.actionId).toBe(actionId);
      expect(res.body.events).toHaveLength(stored.length);
      expect(res.body.events.map((e: { description: string }) => e.description)).toEqual([
        expect.stringMatching(
          /^Raised against QS7 Safeguarding by J\. Smith: A-\w+ "Clear the safeguarding backlog" \(high priority, entered by hand\)$/,
        ),
        'Owner set to Sam Manager (sam@council.example) by J. Smith',
        'Due date set to 31 March 2025 by J. Smith',
        'Due date moved from 31 March 2025 to 30 June 2025 by J. Smith: recruitment delayed',
        expect.stringMatching(
          /^Escalated to level 2 \(Quality Assurance, Performance & Information Board\) by J\. Smith: escalated by hand/,
        ),
      ]);
      const first = res.body.events[0];
      expect(first).toEqual({
        position: stored[0].position,
        version: 0,
        type: 'ActionRaised',
        schemaVersion: 1,
        recordedAt: stored[0].recordedAt,
        actor: 'jsmith',
        actorName: 'J. Smith',
        description: expect.any(String),
        correlationId: expect.any(String),
        hash: stored[0].hash,
        data: stored[0].data,
      });
      expect(first.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // The name is stored with the event (new events), so the log itself reads in names.
      expect(stored[0].metadata).toMatchObject({ actor: 'jsmith', actorName: 'J. Smith' });
    });

    it('as CSV for a spreadsheet', async () => {
      const res = await get(`/actions/${actionId}/history?format=csv`).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="action-${actionId}-history.csv"`,
      );
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(
        'position,version,recordedAt,type,schemaVersion,actor,actorName,description,correlationId,hash,data',
      );
      expect(lines[4]).toContain(
        ',Due date moved from 31 March 2025 to 30 June 2025 by J. Smith: recruitment delayed,',
      );
    });

    it('404 for an unknown action, 400 for a bad id or format', async () => {
      const res = await get(`/actions/${randomUUID()}/history`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      await get('/actions/not-a-uuid/history').expect(400);
      const bad = await get(`/actions/${actionId}/history?format=xml`).expect(400);
      expect(bad.body.errors).toEqual([{ field: 'format', rule: expect.any(String) }]);
    });
  });

  describe('who may read the history and the audit endpoints', () => {
    const table: [Role, number][] = [
      ['auditor', 200],
      ['board', 200],
      ['admin', 200],
      ['lead', 403],
      ['owner', 403],
      ['viewer', 403],
    ];
    it.each(table)('%s → %i', async (role, status) => {
      const token = await t.token(`${role}-1`, [role]);
      const paths: [string, string][] = [
        [`/actions/${actionId}/history`, 'history:read'],
        ['/audit/verify', 'audit:read'],
        ['/audit/events', 'audit:read'],
      ];
      for (const [path, permission] of paths) {
        const res = await get(path, token);
        expect([path, res.status]).toEqual([path, status]);
        if (status === 403) {
          expect(res.body).toMatchObject({ status: 403, requiredPermission: permission });
          expect(res.body.detail).toContain(permission);
        }
      }
    });

    it('401 without a token', async () => {
      await request(t.server).get('/audit/verify').expect(401);
    });
  });

  describe('GET /audit/events', () => {
    it('streams the log as JSON lines and records the export before and after', async () => {
      const res = await get('/audit/events').expect(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const exportId = res.headers['x-export-id'];
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(
          `^attachment; filename="events-start-\\d{8}T\\d{6}Z-${exportId.slice(0, 8)}\\.jsonl"$`,
        ),
      );
      const lines = res.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const head = lines.filter((l) => l.stream === `action-${actionId}`);
      expect(head.map((l) => l.version)).toEqual([0, 1, 2, 3, 4]);
      expect(lines.map((l) => l.position)).toEqual(
        [...lines.map((l) => l.position)].sort((a, b) => a - b),
      );
      const recorded = await t.store.readStream(`audit-export-${exportId}`);
      expect(recorded.map((e) => e.type)).toEqual(['AuditExportStarted', 'AuditExportCompleted']);
      expect(recorded[0].data).toMatchObject({
        requestedBy: 'aud-1',
        format: 'jsonl',
        channel: 'api',
      });
      expect(recorded[0].metadata).toMatchObject({ actor: 'aud-1', actorName: 'Ann Auditor' });
      expect(recorded[1].data).toMatchObject({
        events: lines.length,
        bytes: Buffer.byteLength(res.text),
      });
    });

    it('CSV with a header row, within a range', async () => {
      const from = (await t.store.readStream(`action-${actionId}`))[3].recordedAt;
      const res = await get(
        `/audit/events?format=csv&from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date().toISOString())}`,
      ).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="events-\d{8}T.*\.csv"$/,
      );
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(
        'position,recordedAt,stream,version,type,schemaVersion,eventId,actor,actorName,correlationId,causationId,commandId,hash,data,metadata',
      );
      expect(lines.slice(1).every((l) => l.split(',')[1] >= from)).toBe(true);
    });

    it.each([
      ['from=2025-04-01', 'from'],
      ['to=2025-04-01T10:00:00', 'to'],
      ['from=2025-04-02T00:00:00Z&to=2025-04-01T00:00:00%2B01:00', 'from'],
      ['format=xml', 'format'],
    ])('400 naming the parameter: %s', async (query, field) => {
      const res = await get(`/audit/events?${query}`).expect(400);
      expect(res.body.errors).toEqual([{ field, rule: expect.any(String) }]);
    });
  });

  describe('GET /audit/verify', () => {
    it('every chain intact', async () => {
      const res = await get('/audit/verify').expect(200);
      expect(res.body).toEqual({
        ok: true,
        streams: expect.any(Number),
        events: await t.store.headPosition(),
      });
    });

    it('serves other requests while a long verify runs (it yields between pages)', async () => {
      const meta = { actor: 'bench', correlationId: 'c', causationId: 'c', commandId: 'c' };
      for (let s = 0; s < 30; s++) {
        const events: NewEvent[] = Array.from({ length: 1000 }, (_, i) => ({
          eventId: randomUUID(),
          type: 'ProgressReported',
          schemaVersion: 1,
          data: { percentComplete: i % 100, confidence: 'on-track', note: `update ${i}` },
          metadata: meta,
        }));
        await t.store.appendToStream(`action-${randomUUID()}`, events, {
          expectedVersion: 'no_stream',
        });
      }
      let verifyDone = 0;
      const verify = get('/audit/verify').then((res) => {
        verifyDone = Date.now();
        return res;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answered: number[] = [];
      while (!verifyDone) {
        await request(t.server).get('/docs/openapi.json').expect(200);
        answered.push(Date.now());
      }
      expect((await verify).body).toMatchObject({ ok: true });
      expect(answered.filter((at) => at < verifyDone).length).toBeGreaterThan(1);
    });
  });
});

describe('tampering behind the engine’s back: SQLite (endpoint and CLI)', () => {
  let t: App;
  afterAll(() => t.close());

  it('names the edited event', async () => {
    t = await startTestApp();
    const { actionId } = await raiseAndReplan(t);
    const auditor = await t.token('aud-1', ['auditor']);
    const target = (await t.store.readStream(`action-${actionId}`))[3];
    // An attacker with access to the file: the immutability trigger must go first.
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    db.exec('DROP TRIGGER es_events_immutable_update');
    db.prepare(
      `UPDATE es_events SET data = json_set(data, '$.reason', 'board agreed') WHERE position = ?`,
    ).run(target.position);
    db.close();

    const res = await request(t.server)
      .get('/audit/verify')
      .set('Authorization', `Bearer ${auditor}`)
      .expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstBroken: {
        stream: `action-${actionId}`,
        version: 3,
        position: target.position,
        eventId: target.eventId,
        reason: 'hash-mismatch',
        storedHash: target.hash,
        description: expect.stringContaining(`Event ${target.eventId}`),
      },
    });

    const out = await cli(['verify', '--json'], { EVENT_STORE: 'sqlite', DATA_DIR: t.dataDir });
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout).firstBroken).toMatchObject({
      eventId: target.eventId,
      version: 3,
      reason: 'hash-mismatch',
    });
    const text = await cli(['verify'], { EVENT_STORE: 'sqlite', DATA_DIR: t.dataDir });
    expect(text.stdout).toContain(`BROKEN: action-${actionId} version 3`);
    expect(text.stdout).toContain(`Event ${target.eventId}`);
  });

  it('a changed recorded time (what as-of replays filter on) is named too', async () => {
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    db.exec('DELETE FROM es_events WHERE 0'); // the delete trigger is still there: no rows touched
    const first = db
      .prepare('SELECT position, event_id FROM es_events ORDER BY position LIMIT 1')
      .get() as {
      position: number;
      event_id: string;
    };
    db.prepare(
      `UPDATE es_events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = ?`,
    ).run(first.position);
    db.close();
    const res = await request(t.server)
      .get('/audit/verify')
      .set('Authorization', `Bearer ${await t.token('b', ['board'])}`)
      .expect(200);
    expect(res.body.firstBroken).toMatchObject({
      position: first.position,
      eventId: first.event_id,
      reason: 'recorded-at-mismatch',
    });
  });
});

describe('tampering behind the engine’s back: PostgreSQL (endpoint and CLI)', () => {
  let db: TestDatabase;
  let t: App;
  beforeAll(async () => {
    db = await createTestDatabase('audit');
    t = await startTestApp({ EVENT_STORE: 'postgres', DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('names the edited event', async () => {
    const { actionId } = await raiseAndReplan(t);
    const target = (await t.store.readStream(`action-${actionId}`))[1];
    // An attacker with database rights: switch off the append-only trigger, then edit.
    await db.sql(`ALTER TABLE es_events DISABLE TRIGGER es_events_append_only;
                  UPDATE es_events SET data = jsonb_set(data, '{owner,email}', '"mallory@evil.example"')
                   WHERE position = ${target.position};`);
    const res = await request(t.server)
      .get('/audit/verify')
      .set('Authorization', `Bearer ${await t.token('aud-1', ['auditor'])}`)
      .expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstBroken: {
        stream: `action-${actionId}`,
        version: 1,
        position: target.position,
        eventId: target.eventId,
        reason: 'hash-mismatch',
      },
    });
    const out = await cli(['verify', '--json'], { EVENT_STORE: 'postgres', DATABASE_URL: db.url });
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout).firstBroken).toMatchObject({
      eventId: target.eventId,
      version: 1,
    });
  });
});

describe('engine export (command line)', () => {
  let t: App;
  afterAll(() => t.close());

  it('writes the file, records the export with the given actor, and refuses bad ranges', async () => {
    t = await startTestApp();
    const { actionId } = await raiseAndReplan(t);
    await t.close(true);
    const env = { EVENT_STORE: 'sqlite', DATA_DIR: t.dataDir };
    const file = join(t.dataDir, 'export.csv');
    const out = await cli(['export', '--format', 'csv', '--out', file, '--actor', 'ops-1'], env);
    expect(out.stderr).toMatch(/exported \d+ events .* recorded as export [0-9a-f-]{36}/);
    expect(out.code).toBe(0);
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFFposition,recordedAt,stream')).toBe(true);
    expect(csv).toContain(`action-${actionId}`);
    const exportId = /recorded as export ([0-9a-f-]{36})/.exec(out.stderr)![1];

    t = await startTestApp({}, { dataDir: t.dataDir });
    const recorded = await t.store.readStream(`audit-export-${exportId}`);
    expect(recorded.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['AuditExportStarted', 'ops-1'],
      ['AuditExportCompleted', 'ops-1'],
    ]);
    expect(recorded[0].data).toMatchObject({ channel: 'cli', format: 'csv', requestedBy: 'ops-1' });

    const bad = await cli(['export', '--from', '2025-04-01', '--out', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--from must be a date and time with a time zone offset');
  });
});
