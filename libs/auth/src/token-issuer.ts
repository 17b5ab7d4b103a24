import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { type HmacTokenKey } from './auth-settings';
import { isRole, type Role } from './principal';

export interface DevTokenRequest {
  /** Subject id: what events record as the actor. */
  sub: string;
  name?: string;
  email?: string;
  roles: readonly Role[];
  /** Lifetime: seconds, or a span such as `'90s'`, `'30m'`, `'8h'`, `'7d'`. One hour by default. */
  ttl?: number | string;
  /** When the token starts (default: now); with a past date and a short ttl, an expired token. */
  issuedAt?: Date;
  /** Earliest use (`nbf`), when it should not be usable at once. */
  notBefore?: Date;
}

export const DEFAULT_DEV_TOKEN_TTL = '1h';

/**
 * Signs an HS256 token that the embedded-mode verifier accepts: same secret, issuer and audience
 * (see resolveHmacTokenKey). Used by the CLI `token` command and by tests. Carries a random `jti`.
 */
export async function issueDevToken(request: DevTokenRequest, key: HmacTokenKey): Promise<string> {
  if (typeof request.sub !== 'string' || request.sub.trim() === '')
    throw new Error('sub must be a non-empty string');
  const unknown = request.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`unknown role(s): ${unknown.join(', ')}`);
  if (request.roles.length === 0) throw new Error('a token needs at least one role');
  const ttl = ttlSeconds(request.ttl ?? DEFAULT_DEV_TOKEN_TTL);
  const iat = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  const jwt = new SignJWT({
    ...(request.name ? { name: request.name } : {}),
    ...(request.email ? { email: request.email } : {}),
    roles: [...request.roles],
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(key.issuer)
    .setAudience(key.audience)
    .setIssuedAt(iat)
    .setJti(randomUUID())
    .setExpirationTime(iat + ttl);
  if (request.notBefore) jwt.setNotBefore(Math.floor(request.notBefore.getTime() / 1000));
  return jwt.sign(key.secret);
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `3600`, `'3600'`, `'90s'`, `'30m'`, `'8h'`, `'7d'` → whole seconds (at least 1). */
export function ttlSeconds(ttl: number | string): number {
  const match = typeof ttl === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(ttl) : null;
  const seconds =
    typeof ttl === 'number'
      ? ttl
      : match
        ? Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()]
        : NaN;
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new Error(
      `ttl must be a positive number of seconds or a span like 30m, 8h, 7d (got ${String(ttl)})`,
    );
  }
  return Math.floor(seconds);
}
