import { LRUCache } from 'lru-cache';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import { AuthenticationError, IdentityProviderUnavailableError } from './auth.errors';
import {
  type AuthConfig,
  authLogger,
  type HmacTokenKey,
  resolveHmacTokenKey,
  usesJwks,
} from './auth-settings';
import { isRole, type Principal, type Role } from './principal';
import { type AuthLogger } from './signing-secret';

/** Asymmetric algorithms accepted from an OIDC provider; never HS*, never `none`. */
export const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export const HMAC_ALGORITHMS = ['HS256'] as const;

/** Seconds of clock skew allowed on `exp` and `nbf`. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** Longer bearer values are refused before any parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;

interface CommonOptions {
  clockToleranceSeconds?: number;
  /** The verifier's idea of now (tests); the system clock by default. */
  clock?: () => Date;
}

export interface HmacVerifierOptions extends CommonOptions {
  mode: 'hs256';
  key: HmacTokenKey;
}

export interface JwksVerifierOptions extends CommonOptions {
  mode: 'jwks';
  jwksUrl: string | URL;
  issuer: string;
  audience: string;
  /** A subset of JWKS_ALGORITHMS; all of them by default. */
  algorithms?: readonly (typeof JWKS_ALGORITHMS)[number][];
  /** Passed to jose's createRemoteJWKSet. */
  timeoutMs?: number;
  cooldownMs?: number;
  cacheMaxAgeMs?: number;
}

export type TokenVerifierOptions = HmacVerifierOptions | JwksVerifierOptions;

type KeySource =
  | { kind: 'hs256'; secret: Uint8Array }
  | { kind: 'jwks'; getKey: ReturnType<typeof createRemoteJWKSet> };

/**
 * Verifies bearer JWTs and maps their claims to a Principal. Two modes:
 * - `hs256` (embedded default): HS256 with AUTH_JWT_SECRET (or the generated secret file); the
 *   engine is its own issuer.
 * - `jwks` (production): an OIDC provider's keys from AUTH_JWKS_URL, asymmetric algorithms only.
 *
 * Always: `exp` and `sub` required, `exp`/`nbf` checked with a small tolerance, `iss` and `aud`
 * checked, `alg: none` and the other mode's algorithms refused, unknown `kid` refused. The `roles`
 * claim must be an array; names that are not engine roles are ignored (an identity provider often
 * puts other roles in the same claim), and a token left with no engine role is refused (`no-roles`).
 */
export class TokenVerifier {
  readonly mode: 'hs256' | 'jwks';
  private readonly keys: KeySource;
  private readonly verifyOptions: JWTVerifyOptions;
  private readonly algorithms: readonly string[];
  private readonly clock: () => Date;
  private readonly toleranceSeconds: number;
  /**
   * Tokens already verified, by their full compact form (signature included, so a forged token
   * never matches), kept until they expire: a client sends the same token on every request.
   */
  private readonly verified = new LRUCache<
    string,
    { principal: Principal; exp: number; nbf?: number }
  >({
    max: 10_000,
  });

  constructor(options: TokenVerifierOptions) {
    this.mode = options.mode;
    this.clock = options.clock ?? (() => new Date());
    this.toleranceSeconds = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
    if (options.mode === 'hs256') {
      this.keys = { kind: 'hs256', secret: options.key.secret };
      this.algorithms = HMAC_ALGORITHMS;
      this.verifyOptions = { issuer: options.key.issuer, audience: options.key.audience };
    } else {
      const algorithms = options.algorithms ?? JWKS_ALGORITHMS;
      const refused = algorithms.filter(
        (alg) => !(JWKS_ALGORITHMS as readonly string[]).includes(alg),
      );
      if (refused.length > 0)
        throw new Error(`JWKS mode accepts only asymmetric algorithms, not ${refused.join(', ')}`);
      if (!options.issuer || !options.audience)
        throw new Error('JWKS mode needs an issuer and an audience');
      this.keys = {
        kind: 'jwks',
        getKey: createRemoteJWKSet(new URL(options.jwksUrl), {
          timeoutDuration: options.timeoutMs,
          cooldownDuration: options.cooldownMs,
          cacheMaxAge: options.cacheMaxAgeMs,
        }),
      };
      this.algorithms = algorithms;
      this.verifyOptions = { issuer: options.issuer, audience: options.audience };
    }
    this.verifyOptions = {
      ...this.verifyOptions,
      algorithms: [...this.algorithms],
      clockTolerance: this.toleranceSeconds,
      requiredClaims: ['exp', 'sub'],
    };
  }

  /**
   * From the engine's settings: JWKS mode when AUTH_JWKS_URL is set (AUTH_ISSUER and AUTH_AUDIENCE
   * then required), otherwise HS256 with AUTH_JWT_SECRET or the secret file in DATA_DIR.
   */
  static fromConfig(config: AuthConfig, logger: AuthLogger = authLogger()): TokenVerifier {
    if (usesJwks(config)) {
      if (!config.AUTH_ISSUER || !config.AUTH_AUDIENCE) {
        throw new Error('AUTH_ISSUER and AUTH_AUDIENCE are required with AUTH_JWKS_URL');
      }
      if (config.AUTH_JWT_SECRET)
        logger.warn('AUTH_JWT_SECRET is ignored: AUTH_JWKS_URL is set, HS256 tokens are refused');
      logger.log(
        `tokens: verified with the keys at ${config.AUTH_JWKS_URL} (issuer ${config.AUTH_ISSUER})`,
      );
      return new TokenVerifier({
        mode: 'jwks',
        jwksUrl: config.AUTH_JWKS_URL as string,
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
      });
    }
    return new TokenVerifier({ mode: 'hs256', key: resolveHmacTokenKey(config, logger) });
  }

  /** Verifies the value of an `Authorization` header (`Bearer <token>`). */
  async verifyAuthorizationHeader(header: string | string[] | undefined): Promise<Principal> {
    if (header === undefined || header === '') {
      throw new AuthenticationError(
        'missing-token',
        'no bearer token: send Authorization: Bearer <token>',
      );
    }
    if (Array.isArray(header))
      throw new AuthenticationError('malformed', 'more than one Authorization header');
    const match = /^(\S+)(?:\s+(\S*))?\s*$/.exec(header);
    if (!match || match[1].toLowerCase() !== 'bearer') {
      throw new AuthenticationError(
        'missing-token',
        'the Authorization header carries no bearer token',
      );
    }
    return this.verify(match[2] ?? '');
  }

  /** Verifies a compact JWS and returns its principal, or throws AuthenticationError. */
  async verify(token: string): Promise<Principal> {
    if (!token)
      throw new AuthenticationError(
        'missing-token',
        'no bearer token: send Authorization: Bearer <token>',
      );
    if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]*\.[\w-]*\.[\w-]*$/.test(token)) {
      throw new AuthenticationError('malformed', 'the token is not a signed JWT');
    }
    const known = this.verified.get(token);
    if (known) {
      const now = this.clock().getTime() / 1000;
      const tolerance = this.toleranceSeconds;
      if (
        now <= known.exp + tolerance &&
        (known.nbf === undefined || now >= known.nbf - tolerance)
      ) {
        return known.principal;
      }
      this.verified.delete(token);
    }
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthenticationError('malformed', 'the token header cannot be read');
    }
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw new AuthenticationError('wrong-algorithm', 'unsigned tokens (alg none) are refused');
    }
    if (!this.algorithms.includes(alg)) {
      throw new AuthenticationError(
        'wrong-algorithm',
        `tokens signed with ${/^[A-Za-z0-9]{1,16}$/.test(alg) ? alg : 'that algorithm'} are not accepted here (expected ${this.algorithms.join(', ')})`,
      );
    }
    let payload: JWTPayload;
    try {
      const options = { ...this.verifyOptions, currentDate: this.clock() };
      payload =
        this.keys.kind === 'hs256'
          ? (await jwtVerify(token, this.keys.secret, options)).payload
          : (await jwtVerify(token, this.keys.getKey, options)).payload;
    } catch (error) {
      throw this.translate(error);
    }
    const principal = principalFromClaims(payload);
    if (typeof payload.exp === 'number') {
      this.verified.set(token, { principal, exp: payload.exp, nbf: payload.nbf });
    }
    return principal;
  }

  private translate(error: unknown): Error {
    if (error instanceof errors.JWTExpired)
      return new AuthenticationError('expired', 'the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.reason === 'missing')
        return new AuthenticationError('missing-claim', `the token has no "${error.claim}" claim`);
      switch (error.claim) {
        case 'iss':
          return new AuthenticationError('wrong-issuer', 'the token comes from another issuer');
        case 'aud':
          return new AuthenticationError(
            'wrong-audience',
            'the token is meant for another audience',
          );
        case 'nbf':
          return error.reason === 'check_failed'
            ? new AuthenticationError('not-yet-valid', 'the token is not valid yet')
            : new AuthenticationError('invalid-claim', 'the token has an invalid "nbf" claim');
        default:
          return new AuthenticationError(
            'invalid-claim',
            `the token has an invalid "${error.claim}" claim`,
          );
      }
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new AuthenticationError('bad-signature', 'the token signature does not verify');
    }
    if (
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys
    ) {
      return new AuthenticationError(
        'unknown-key',
        'the token is signed with a key the engine does not know',
      );
    }
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
      return new AuthenticationError(
        'wrong-algorithm',
        'the token is signed with an algorithm that is not accepted here',
      );
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
      return new AuthenticationError('malformed', 'the token is not a well-formed signed JWT');
    }
    if (error instanceof errors.JWKInvalid) {
      return new AuthenticationError(
        'unknown-key',
        'the token refers to a key the engine cannot use',
      );
    }
    if (this.keys.kind === 'jwks') {
      // JWKSTimeout, JWKSInvalid, a non-200 or non-JSON answer, a refused connection.
      return new IdentityProviderUnavailableError(
        'the identity provider keys cannot be fetched; retry later',
        error,
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Maps verified claims to a Principal: `sub` → id, `name` (or `sub`), `email`, known `roles`. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, name, email, roles } = payload as JWTPayload & {
    name?: unknown;
    email?: unknown;
    roles?: unknown;
  };
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw new AuthenticationError(
      'invalid-claim',
      'the token "sub" claim must be a non-empty string',
    );
  }
  if (roles === undefined)
    throw new AuthenticationError('no-roles', 'the token has no "roles" claim');
  if (!Array.isArray(roles))
    throw new AuthenticationError('invalid-claim', 'the token "roles" claim must be an array');
  const known = [...new Set(roles.filter(isRole))] as Role[];
  if (known.length === 0)
    throw new AuthenticationError('no-roles', 'the token carries none of the engine roles');
  return {
    id: sub,
    name: typeof name === 'string' && name.trim() !== '' ? name : sub,
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    roles: known,
  };
}
