import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { issueDevToken, resolveHmacTokenKey } from '@asc/auth';
import { loadEngineConfig } from '@asc/config';
import { createApp } from '../../apps/api/src/bootstrap';
import { TEST_SECRET } from './api-test-app';

/** The request log (ADR 14): one JSON line per request, with its id, and no credentials. */
describe('request log lines', () => {
  const lines: Record<string, unknown>[] = [];
  let app: NestFastifyApplication;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'api-logs-'));
    Object.assign(process.env, {
      EVENT_STORE: 'sqlite',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'info',
    });
    app = (await createApp({
      logger: false,
      logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    })) as NestFastifyApplication;
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const key = resolveHmacTokenKey(loadEngineConfig(process.env));
    token = await issueDevToken({ sub: 'jo.lead', roles: ['lead'] }, key);
  });

  afterAll(async () => {
    await app.close();
    process.env.LOG_LEVEL = 'silent';
    rmSync(dataDir, { recursive: true, force: true });
  });

  const completed = (id: string) =>
    lines.filter((l) => l.reqId === id && String(l.msg).startsWith('request '));

  it('logs the request id, method, url, status and time, with Authorization and Cookie redacted', async () => {
    await request(app.getHttpServer())
      .get('/actions/1b4e28ba-2fa1-11d2-883f-0016e34b0001?x=1')
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', 'session=secret')
      .set('X-Request-Id', 'log-check-1')
      .expect(404)
      .expect('X-Request-Id', 'log-check-1');
    const [line] = completed('log-check-1');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: {
        id: 'log-check-1',
        method: 'GET',
        url: '/actions/1b4e28ba-2fa1-11d2-883f-0016e34b0001?x=1',
        query: { x: '1' },
        headers: { authorization: '[Redacted]', cookie: '[Redacted]' },
      },
      res: { statusCode: 404 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(JSON.stringify(lines)).not.toContain('session=secret');
  });

  it('writes exactly one line per request, and none for health probes', async () => {
    await request(app.getHttpServer())
      .get('/actions')
      .set('X-Request-Id', 'log-check-2')
      .expect(401);
    expect(completed('log-check-2')).toHaveLength(1);
    await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'log-check-3');
    expect(completed('log-check-3')).toHaveLength(0);
  });
});
