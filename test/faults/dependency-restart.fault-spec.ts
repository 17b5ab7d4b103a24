/**
 * Fault tests: the real PostgreSQL and Redis are stopped and started under a running engine.
 * They stop shared services, so they run alone (`npm run test:faults`), after `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp } from '../api/api-test-app';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const cluster = () => readdirSync('/etc/postgresql')[0];

function postgres(action: 'stop' | 'start'): void {
  if (action === 'stop') {
    execFileSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster(), 'main', 'stop', '-m', 'fast'],
      {
        stdio: 'ignore',
      },
    );
  } else execFileSync('bash', ['scripts/ensure-services.sh', 'postgres'], { stdio: 'ignore' });
}

function redis(action: 'stop' | 'start'): void {
  if (action === 'stop')
    execFileSync('redis-cli', ['-h', '127.0.0.1', 'shutdown', 'nosave'], { stdio: 'ignore' });
  else execFileSync('bash', ['scripts/ensure-services.sh', 'redis'], { stdio: 'ignore' });
}

async function until<T>(
  probe: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return { value, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs)
      throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('dependencies that go away and come back', () => {
  const database = `fault_${Date.now()}`;
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let admin: string;

  beforeAll(async () => {
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`CREATE DATABASE ${database}`);
    await c.end();
    t = await startTestApp({
      EVENT_STORE: 'postgres',
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
    });
    admin = await t.token('admin-1', ['admin']);
  });

  afterAll(async () => {
    postgres('start');
    redis('start');
    await t?.close();
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.end();
  });

  const createPlan = () =>
    request(t.server)
      .post('/plans')
      .set('Authorization', `Bearer ${admin}`)
      .send({ authority: 'Medway', title: 'Plan' });
  const health = () => request(t.server).get('/health');

  it('PostgreSQL stopped: commands answer 503 within seconds; started again: they succeed, no restart', async () => {
    expect((await createPlan()).status).toBe(201);
    postgres('stop');
    try {
      const started = Date.now();
      const down = await createPlan();
      expect(down.status).toBe(503);
      expect(down.headers['retry-after']).toBeDefined();
      expect(down.body.dependency).toBe('event-store:postgres');
      expect(Date.now() - started).toBeLessThan(10_000);
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.body.error.eventStore.status).toBe('down');
    } finally {
      postgres('start');
    }
    const { ms } = await until(createPlan, (r) => r.status === 201, 30_000);
    expect(ms).toBeLessThan(30_000);
    expect((await health()).status).toBe(200);
  });

  it('Redis stopped: health says which; started again: healthy, no restart', async () => {
    redis('stop');
    try {
      const h = await until(health, (r) => r.status === 503, 10_000);
      expect(h.value.body.error.redis.status).toBe('down');
      // Commands do not depend on Redis.
      expect((await createPlan()).status).toBe(201);
    } finally {
      redis('start');
    }
    await until(health, (r) => r.status === 200, 30_000);
  });
});
