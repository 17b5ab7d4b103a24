import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import {
  AuthenticationError,
  type AuthenticationFailure,
  IdentityProviderUnavailableError,
  resolveHmacTokenKey,
  TokenVerifier,
} from '../src';
import { nowSeconds, recordingLogger, temporaryDir, unsignedToken } from './auth-test.helpers';

const ISSUER = 'https://login.council.example/realms/asc';
const AUDIENCE = 'asc-action-plan-api';

/** A real identity provider stand-in: a JWKS document served over HTTP on 127.0.0.1. */
let server: Server;
let baseUrl: string;
let jwks: { keys: JWK[] };
let requests = 0;
let rsaKey: KeyLike;
let ecKey: KeyLike;
let strangerKey: KeyLike;

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('RS256');
  [rsaKey, ecKey, strangerKey] = [rsa.privateKey, ec.privateKey, stranger.privateKey];
  jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ],
  };
  server = createServer((req, res) => {
    requests += 1;
    if (req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    } else if (req.url === '/broken') {
      res.writeHead(500).end('oops');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const verifierAt = (path: string): TokenVerifier =>
  new TokenVerifier({
    mode: 'jwks',
    jwksUrl: `${baseUrl}${path}`,
    issuer: ISSUER,
    audience: AUDIENCE,
    timeoutMs: 2000,
  });

function token(
  claims: Record<string, unknown>,
  header: { alg: string; kid?: string },
  key: KeyLike | Uint8Array,
): Promise<string> {
  return new SignJWT({
    sub: 'oidc|ann',
    roles: ['board'],
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowSeconds(),
    exp: nowSeconds() + 300,
    ...claims,
  })
    .setProtectedHeader(header)
    .sign(key);
}

async function refusal(promise: Promise<unknown>): Promise<AuthenticationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as AuthenticationError).reason;
}

describe('TokenVerifier, OIDC JWKS mode', () => {
  it('is chosen by AUTH_JWKS_URL, with AUTH_ISSUER and AUTH_AUDIENCE', async () => {
    const logger = recordingLogger();
    const verifier = TokenVerifier.fromConfig(
      {
        DATA_DIR: temporaryDir(),
        AUTH_JWKS_URL: `${baseUrl}/jwks`,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
      },
      logger,
    );
    expect(verifier.mode).toBe('jwks');
    expect(logger.logs.join('\n')).toContain(`${baseUrl}/jwks`);
    const rs = await token(
      { name: 'Ann Board', email: 'ann@council.example' },
      { alg: 'RS256', kid: 'rsa-1' },
      rsaKey,
    );
    await expect(verifier.verify(rs)).resolves.toEqual({
      id: 'oidc|ann',
      name: 'Ann Board',
      email: 'ann@council.example',
      roles: ['board'],
    });
    expect(() =>
      TokenVerifier.fromConfig(
        { DATA_DIR: temporaryDir(), AUTH_JWKS_URL: `${baseUrl}/jwks`, AUTH_ISSUER: ISSUER },
        logger,
      ),
    ).toThrow(/AUTH_AUDIENCE/);
  });

  it('accepts RS256 and ES256 tokens signed with keys of the set', async () => {
    const verifier = verifierAt('/jwks');
    await expect(
      verifier.verify(await token({}, { alg: 'RS256', kid: 'rsa-1' }, rsaKey)),
    ).resolves.toMatchObject({
      id: 'oidc|ann',
      roles: ['board'],
    });
    await expect(
      verifier.verify(await token({ roles: ['auditor'] }, { alg: 'ES256', kid: 'ec-1' }, ecKey)),
    ).resolves.toMatchObject({
      roles: ['auditor'],
    });
  });

  it('refuses a key id that is not in the set', async () => {
    const verifier = verifierAt('/jwks');
    expect(
      await refusal(verifier.verify(await token({}, { alg: 'RS256', kid: 'rsa-2' }, strangerKey))),
    ).toBe('unknown-key');
  });

  it('refuses a token signed by another key under a known key id', async () => {
    const verifier = verifierAt('/jwks');
    expect(
      await refusal(verifier.verify(await token({}, { alg: 'RS256', kid: 'rsa-1' }, strangerKey))),
    ).toBe('bad-signature');
  });

  it('refuses HS256 tokens, even ones signed with the engine secret', async () => {
    const verifier = verifierAt('/jwks');
    const hmac = resolveHmacTokenKey(
      { DATA_DIR: temporaryDir(), AUTH_JWT_SECRET: 'x'.repeat(40) },
      recordingLogger(),
    );
    const before = requests;
    expect(await refusal(verifier.verify(await token({}, { alg: 'HS256' }, hmac.secret)))).toBe(
      'wrong-algorithm',
    );
    // An HS256 token with a kid naming a public key of the set (the key-confusion attack).
    expect(
      await refusal(verifier.verify(await token({}, { alg: 'HS256', kid: 'rsa-1' }, hmac.secret))),
    ).toBe('wrong-algorithm');
    expect(requests).toBe(before); // refused before any key is fetched
  });

  it('refuses unsigned tokens', async () => {
    const verifier = verifierAt('/jwks');
    const claims = {
      sub: 'oidc|ann',
      roles: ['board'],
      iss: ISSUER,
      aud: AUDIENCE,
      exp: nowSeconds() + 300,
    };
    expect(
      await refusal(verifier.verify(unsignedToken(claims, { alg: 'none', kid: 'rsa-1' }))),
    ).toBe('wrong-algorithm');
  });

  it('checks exp, iss and aud as in the embedded mode', async () => {
    const verifier = verifierAt('/jwks');
    const header = { alg: 'RS256', kid: 'rsa-1' };
    expect(
      await refusal(verifier.verify(await token({ exp: nowSeconds() - 120 }, header, rsaKey))),
    ).toBe('expired');
    expect(await refusal(verifier.verify(await token({ exp: undefined }, header, rsaKey)))).toBe(
      'missing-claim',
    );
    expect(
      await refusal(verifier.verify(await token({ iss: 'https://other.example' }, header, rsaKey))),
    ).toBe('wrong-issuer');
    expect(await refusal(verifier.verify(await token({ aud: 'account' }, header, rsaKey)))).toBe(
      'wrong-audience',
    );
    await expect(
      verifier.verify(await token({ aud: ['account', AUDIENCE] }, header, rsaKey)),
    ).resolves.toBeDefined();
  });

  it('answers "unavailable" (not "invalid token") when the key set cannot be fetched', async () => {
    const rs = await token({}, { alg: 'RS256', kid: 'rsa-1' }, rsaKey);
    await expect(verifierAt('/broken').verify(rs)).rejects.toBeInstanceOf(
      IdentityProviderUnavailableError,
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nobody = new TokenVerifier({
      mode: 'jwks',
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    await expect(nobody.verify(rs)).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
  });

  it('accepts only asymmetric algorithms in its settings', () => {
    expect(
      () =>
        new TokenVerifier({
          mode: 'jwks',
          jwksUrl: `${baseUrl}/jwks`,
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256' as never],
        }),
    ).toThrow(/asymmetric/);
  });
});
