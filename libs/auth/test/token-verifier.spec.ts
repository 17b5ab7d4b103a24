import { generateKeyPair, SignJWT } from 'jose';
import {
  AuthenticationError,
  type AuthenticationFailure,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  type HmacTokenKey,
  issueDevToken,
  resolveHmacTokenKey,
  TokenVerifier,
  ttlSeconds,
} from '../src';
import { nowSeconds, recordingLogger, temporaryDir, unsignedToken } from './auth-test.helpers';

const SECRET = 'an-hs256-secret-of-at-least-32-characters!';
const config = { DATA_DIR: temporaryDir(), AUTH_JWT_SECRET: SECRET };
const key: HmacTokenKey = resolveHmacTokenKey(config, recordingLogger());
const verifier = TokenVerifier.fromConfig(config, recordingLogger());

async function refusal(promise: Promise<unknown>): Promise<AuthenticationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as AuthenticationError).reason;
}

/** A token signed with `secret` and these claims, `iss`/`aud` from the key unless overridden. */
function signed(
  claims: Record<string, unknown>,
  options: { alg?: string; secret?: Uint8Array } = {},
): Promise<string> {
  return new SignJWT({ iss: key.issuer, aud: key.audience, iat: nowSeconds(), ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .sign(options.secret ?? key.secret);
}

const valid = { sub: 'ann', roles: ['lead'], exp: nowSeconds() + 600 };

describe('TokenVerifier, embedded HS256 mode', () => {
  it('uses the engine as issuer and audience by default', () => {
    expect(verifier.mode).toBe('hs256');
    expect(key.issuer).toBe(DEFAULT_ISSUER);
    expect(key.audience).toBe(DEFAULT_AUDIENCE);
    expect(DEFAULT_ISSUER).toBe('asc-action-plan-engine');
    expect(DEFAULT_AUDIENCE).toBe('asc-action-plan-api');
    const custom = resolveHmacTokenKey({
      ...config,
      AUTH_ISSUER: 'https://council.example',
      AUTH_AUDIENCE: 'plans',
    });
    expect([custom.issuer, custom.audience]).toEqual(['https://council.example', 'plans']);
  });

  it('accepts a valid token and maps its claims to the principal', async () => {
    const token = await issueDevToken(
      {
        sub: 'u-123',
        name: 'Ann Lead',
        email: 'ann@council.example',
        roles: ['lead', 'owner', 'lead'],
        ttl: '10m',
      },
      key,
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'u-123',
      name: 'Ann Lead',
      email: 'ann@council.example',
      roles: ['lead', 'owner'],
    });
    await expect(verifier.verifyAuthorizationHeader(`Bearer ${token}`)).resolves.toMatchObject({
      id: 'u-123',
    });
    await expect(verifier.verifyAuthorizationHeader(`bearer  ${token}`)).resolves.toMatchObject({
      id: 'u-123',
    });
  });

  it('names the principal by its subject when the token has no name, and leaves email out', async () => {
    await expect(verifier.verify(await signed(valid))).resolves.toEqual({
      id: 'ann',
      name: 'ann',
      roles: ['lead'],
    });
  });

  it('ignores role names it does not know, and refuses a token left with none', async () => {
    const mixed = await signed({ ...valid, roles: ['lead', 'superuser', 42, 'offline_access'] });
    await expect(verifier.verify(mixed)).resolves.toMatchObject({ roles: ['lead'] });
    expect(await refusal(verifier.verify(await signed({ ...valid, roles: ['superuser'] })))).toBe(
      'no-roles',
    );
    expect(await refusal(verifier.verify(await signed({ ...valid, roles: [] })))).toBe('no-roles');
    expect(await refusal(verifier.verify(await signed({ sub: 'ann', exp: valid.exp })))).toBe(
      'no-roles',
    );
    expect(await refusal(verifier.verify(await signed({ ...valid, roles: 'lead' })))).toBe(
      'invalid-claim',
    );
  });

  it('refuses an expired token, allowing 30 seconds of clock skew', async () => {
    const expired = await issueDevToken(
      { sub: 'ann', roles: ['lead'], issuedAt: new Date(Date.now() - 2 * 3600_000), ttl: '1h' },
      key,
    );
    expect(await refusal(verifier.verify(expired))).toBe('expired');
    expect(await refusal(verifier.verify(await signed({ ...valid, exp: nowSeconds() - 60 })))).toBe(
      'expired',
    );
    await expect(
      verifier.verify(await signed({ ...valid, exp: nowSeconds() - 10 })),
    ).resolves.toMatchObject({ id: 'ann' });
  });

  it('refuses a token that is not valid yet (nbf)', async () => {
    const early = await issueDevToken(
      { sub: 'ann', roles: ['lead'], notBefore: new Date(Date.now() + 300_000) },
      key,
    );
    expect(await refusal(verifier.verify(early))).toBe('not-yet-valid');
    await expect(
      verifier.verify(await signed({ ...valid, nbf: nowSeconds() + 10 })),
    ).resolves.toBeDefined();
  });

  it('follows the injected clock', async () => {
    const token = await issueDevToken({ sub: 'ann', roles: ['lead'], ttl: 60 }, key);
    const later = new TokenVerifier({
      mode: 'hs256',
      key,
      clock: () => new Date(Date.now() + 3600_000),
    });
    expect(await refusal(later.verify(token))).toBe('expired');
  });

  it('refuses a token without exp, or without sub', async () => {
    expect(await refusal(verifier.verify(await signed({ sub: 'ann', roles: ['lead'] })))).toBe(
      'missing-claim',
    );
    expect(await refusal(verifier.verify(await signed({ roles: ['lead'], exp: valid.exp })))).toBe(
      'missing-claim',
    );
    expect(await refusal(verifier.verify(await signed({ ...valid, sub: '' })))).toBe(
      'invalid-claim',
    );
    expect(await refusal(verifier.verify(await signed({ ...valid, exp: 'tomorrow' })))).toBe(
      'invalid-claim',
    );
  });

  it('refuses a token from another issuer or for another audience', async () => {
    expect(
      await refusal(verifier.verify(await signed({ ...valid, iss: 'https://elsewhere.example' }))),
    ).toBe('wrong-issuer');
    expect(await refusal(verifier.verify(await signed({ ...valid, iss: undefined })))).toBe(
      'missing-claim',
    );
    expect(await refusal(verifier.verify(await signed({ ...valid, aud: 'another-api' })))).toBe(
      'wrong-audience',
    );
    const viaIssuer = await issueDevToken(
      { sub: 'ann', roles: ['lead'] },
      { ...key, audience: 'another-api' },
    );
    expect(await refusal(verifier.verify(viaIssuer))).toBe('wrong-audience');
  });

  it('refuses a bad signature: another secret, or a tampered payload', async () => {
    const otherSecret = new TextEncoder().encode('a-completely-different-secret-of-32-chars');
    expect(await refusal(verifier.verify(await signed(valid, { secret: otherSecret })))).toBe(
      'bad-signature',
    );
    const [header, , signature] = (await signed({ ...valid, roles: ['viewer'] })).split('.');
    const promoted = Buffer.from(
      JSON.stringify({ ...valid, iss: key.issuer, aud: key.audience, roles: ['admin'] }),
    ).toString('base64url');
    expect(await refusal(verifier.verify(`${header}.${promoted}.${signature}`))).toBe(
      'bad-signature',
    );
  });

  it('refuses an unsigned token (alg none), however it is spelled', async () => {
    const payload = { ...valid, iss: key.issuer, aud: key.audience };
    expect(await refusal(verifier.verify(unsignedToken(payload)))).toBe('wrong-algorithm');
    expect(
      await refusal(verifier.verify(unsignedToken(payload, { alg: 'None', typ: 'JWT' }))),
    ).toBe('wrong-algorithm');
    expect(await refusal(verifier.verify(unsignedToken(payload, { typ: 'JWT' })))).toBe(
      'wrong-algorithm',
    );
    // With a fake signature appended, too.
    expect(await refusal(verifier.verify(`${unsignedToken(payload)}c2lnbmF0dXJl`))).toBe(
      'wrong-algorithm',
    );
  });

  it('refuses other algorithms: HS512 with the same secret, RS256', async () => {
    expect(await refusal(verifier.verify(await signed(valid, { alg: 'HS512' })))).toBe(
      'wrong-algorithm',
    );
    const { privateKey } = await generateKeyPair('RS256');
    const rs = await new SignJWT({ ...valid, iss: key.issuer, aud: key.audience })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(await refusal(verifier.verify(rs))).toBe('wrong-algorithm');
  });

  it('refuses what is not a signed JWT', async () => {
    for (const junk of [
      'abc',
      'a.b.c',
      'a.b',
      '..',
      'x'.repeat(20_000),
      `${'e30'}.e30.e30.e30.e30`,
      '!!.??.**',
    ]) {
      expect(await refusal(verifier.verify(junk))).toBe('malformed');
    }
  });

  it('reads the Authorization header', async () => {
    expect(await refusal(verifier.verifyAuthorizationHeader(undefined))).toBe('missing-token');
    expect(await refusal(verifier.verifyAuthorizationHeader(''))).toBe('missing-token');
    expect(await refusal(verifier.verifyAuthorizationHeader('Basic YW5uOnNlY3JldA=='))).toBe(
      'missing-token',
    );
    expect(await refusal(verifier.verifyAuthorizationHeader('Bearer'))).toBe('missing-token');
    expect(await refusal(verifier.verifyAuthorizationHeader('Bearer not-a-jwt'))).toBe('malformed');
    expect(await refusal(verifier.verifyAuthorizationHeader(['Bearer a', 'Bearer b']))).toBe(
      'malformed',
    );
  });

  it('builds RFC 6750 challenges without leaking quotes', () => {
    expect(new AuthenticationError('missing-token', 'no token').challenge()).toBe(
      'Bearer realm="asc-action-plan-engine"',
    );
    expect(new AuthenticationError('expired', 'the "token" has expired').challenge()).toBe(
      `Bearer realm="asc-action-plan-engine", error="invalid_token", error_description="the 'token' has expired"`,
    );
  });
});

describe('issueDevToken', () => {
  it('refuses tokens the verifier would refuse anyway', async () => {
    await expect(issueDevToken({ sub: '', roles: ['lead'] }, key)).rejects.toThrow(/sub/);
    await expect(issueDevToken({ sub: 'ann', roles: [] }, key)).rejects.toThrow(
      /at least one role/,
    );
    await expect(issueDevToken({ sub: 'ann', roles: ['root' as never] }, key)).rejects.toThrow(
      /unknown role.*root/,
    );
    await expect(issueDevToken({ sub: 'ann', roles: ['lead'], ttl: 0 }, key)).rejects.toThrow(
      /ttl/,
    );
  });

  it('signs HS256 with iss, aud, iat, exp and a jti', async () => {
    const token = await issueDevToken({ sub: 'ann', roles: ['viewer'], ttl: '8h' }, key);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as unknown);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = payload as Record<string, number | string>;
    expect(claims).toMatchObject({
      sub: 'ann',
      iss: DEFAULT_ISSUER,
      aud: DEFAULT_AUDIENCE,
      roles: ['viewer'],
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8 * 3600);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads time spans', () => {
    expect([
      ttlSeconds(90),
      ttlSeconds('90'),
      ttlSeconds('90s'),
      ttlSeconds('30m'),
      ttlSeconds('8h'),
      ttlSeconds('7d'),
    ]).toEqual([90, 90, 90, 1800, 28800, 604800]);
    expect(() => ttlSeconds('soon')).toThrow(/ttl/);
    expect(() => ttlSeconds(-5)).toThrow(/ttl/);
  });
});

describe('TokenVerifier: verified tokens are remembered until they expire', () => {
  it('a cached token is still refused once it has expired', async () => {
    let now = new Date();
    const clocked = new TokenVerifier({
      mode: 'hs256',
      key,
      clock: () => now,
      clockToleranceSeconds: 0,
    });
    const token = await signed({ sub: 'ann', roles: ['lead'], exp: nowSeconds() + 60 });
    await expect(clocked.verify(token)).resolves.toMatchObject({ id: 'ann' });
    await expect(clocked.verify(token)).resolves.toMatchObject({ id: 'ann' });
    now = new Date(Date.now() + 120_000);
    expect(await refusal(clocked.verify(token))).toBe('expired');
  });

  it('a token differing from a cached one only in its signature is checked, not remembered', async () => {
    const token = await signed(valid);
    await verifier.verify(token);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(await refusal(verifier.verify(tampered))).toBe('bad-signature');
  });
});
