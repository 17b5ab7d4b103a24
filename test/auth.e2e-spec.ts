import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Global, HttpCode, Module, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import {
  AuthModule,
  CurrentPrincipal,
  type HmacTokenKey,
  issueDevToken,
  type Principal,
  Public,
  RequirePermission,
  resolveHmacTokenKey,
} from '@asc/auth';
import { EngineConfig, loadEngineConfig } from '@asc/config';

const config = loadEngineConfig({
  DATA_DIR: mkdtempSync(join(tmpdir(), 'asc-auth-e2e-')),
  AUTH_JWT_SECRET: 'an-e2e-secret-that-is-long-enough-for-hs256',
});

@Global()
@Module({ providers: [{ provide: EngineConfig, useValue: config }], exports: [EngineConfig] })
class TestConfigModule {}

@Controller('probe')
class ProbeController {
  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @RequirePermission('action:raise')
  @Post('actions')
  @HttpCode(200)
  raise(@CurrentPrincipal() principal: Principal): { actor: string; roles: readonly string[] } {
    return { actor: principal.id, roles: principal.roles };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

@Module({ imports: [TestConfigModule, AuthModule], controllers: [ProbeController] })
class ProbeAppModule {}

describe('sign-in and roles over HTTP (Fastify)', () => {
  let app: NestFastifyApplication;
  let key: HmacTokenKey;
  const token = (sub: string, ...roles: Principal['roles'][number][]): Promise<string> =>
    issueDevToken({ sub, name: `${sub} name`, email: `${sub}@council.example`, roles }, key);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeAppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    key = resolveHmacTokenKey(config);
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets anyone reach a @Public route, token or not', async () => {
    await request(app.getHttpServer()).get('/probe/open').expect(200, { ok: true });
    await request(app.getHttpServer())
      .get('/probe/open')
      .set('Authorization', 'Bearer garbage')
      .expect(200);
  });

  it('answers 401 with a Bearer challenge when there is no token', async () => {
    const res = await request(app.getHttpServer()).post('/probe/actions').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="asc-action-plan-engine"');
    expect(res.body).toMatchObject({ statusCode: 401, reason: 'missing-token' });
    await request(app.getHttpServer()).get('/probe/me').expect(401);
  });

  it('answers 401 invalid_token for a bad signature', async () => {
    const forged = await issueDevToken(
      { sub: 'mallory', roles: ['lead'] },
      {
        ...key,
        secret: new TextEncoder().encode('not-the-engine-secret-but-long-enough!!'),
      },
    );
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${forged}`)
      .expect(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="asc-action-plan-engine", error="invalid_token", error_description="the token signature does not verify"',
    );
    expect(res.body).toMatchObject({ statusCode: 401, reason: 'bad-signature' });
  });

  it('answers 401 invalid_token for an expired token', async () => {
    const expired = await issueDevToken(
      { sub: 'ann', roles: ['lead'], issuedAt: new Date(Date.now() - 2 * 3600_000), ttl: '1h' },
      key,
    );
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${expired}`)
      .expect(401);
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer .*error="invalid_token", error_description="the token has expired"$/,
    );
    expect(res.body).toMatchObject({ reason: 'expired', message: 'the token has expired' });
  });

  it('answers 401 invalid_token for a token meant for another audience', async () => {
    const elsewhere = await issueDevToken(
      { sub: 'ann', roles: ['lead'] },
      { ...key, audience: 'another-api' },
    );
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${elsewhere}`)
      .expect(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(res.body).toMatchObject({ reason: 'wrong-audience' });
  });

  it('answers 401 for an unsigned (alg none) token', async () => {
    const claims = {
      sub: 'ann',
      roles: ['admin'],
      iss: key.issuer,
      aud: key.audience,
      exp: Math.floor(Date.now() / 1000) + 60,
    };
    const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${b64({ alg: 'none' })}.${b64(claims)}.`)
      .expect(401);
    expect(res.body).toMatchObject({ reason: 'wrong-algorithm' });
  });

  it('answers 403 naming the missing permission when the role does not allow it', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${await token('vic', 'viewer')}`)
      .expect(403);
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'requires permission action:raise',
      requiredPermission: 'action:raise',
    });
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('lets a lead raise, with the principal from the token', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/actions')
      .set('Authorization', `Bearer ${await token('lee', 'lead')}`)
      .expect(200);
    expect(res.body).toEqual({ actor: 'lee', roles: ['lead'] });
  });

  it('lets any signed-in role reach a route without a permission', async () => {
    const res = await request(app.getHttpServer())
      .get('/probe/me')
      .set('Authorization', `Bearer ${await token('aud', 'auditor')}`)
      .expect(200);
    expect(res.body).toEqual({
      id: 'aud',
      name: 'aud name',
      email: 'aud@council.example',
      roles: ['auditor'],
    });
  });

  it('refuses a token whose roles are none of the engine roles', async () => {
    const stranger = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('sam')
      .setIssuer(key.issuer)
      .setAudience(key.audience)
      .setExpirationTime('5m')
      .sign(key.secret);
    const res = await request(app.getHttpServer())
      .get('/probe/me')
      .set('Authorization', `Bearer ${stranger}`)
      .expect(401);
    expect(res.body).toMatchObject({ reason: 'no-roles' });
  });
});
