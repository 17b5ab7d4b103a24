import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueDevToken, resolveHmacTokenKey, type Role } from '@asc/auth';
import { loadEngineConfig } from '@asc/config';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { createApp } from '../../apps/api/src/bootstrap';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** The real application on a fresh SQLite file, as `npm start` runs it. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'api-e2e-'));
  Object.assign(process.env, {
    EVENT_STORE: 'sqlite',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    // The chaser would append its own events to logs these tests count; suites that test it say so.
    CHASER: 'off',
    BULLMQ_PREFIX: `asc-e2e-${randomUUID()}`,
    ...env,
  });
  const app = (await createApp({ logger: false })) as NestFastifyApplication;
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const key = resolveHmacTokenKey(loadEngineConfig(process.env));
  const token = (sub: string, roles: Role[], extra: { ttl?: string; issuedAt?: Date } = {}) =>
    issueDevToken({ sub, name: sub, email: `${sub}@council.example`, roles, ...extra }, key);
  return {
    app,
    server: app.getHttpServer(),
    store: app.get<EventStore>(EVENT_STORE),
    token,
    dataDir,
    /** Stops the app; `keepData` leaves its files for a restart. */
    async close(keepData = false) {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
