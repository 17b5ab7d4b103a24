/** Why a bearer token was refused; each becomes a 401. */
export type AuthenticationFailure =
  | 'missing-token'
  | 'malformed'
  | 'wrong-algorithm'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'unknown-key'
  | 'missing-claim'
  | 'invalid-claim'
  | 'no-roles';

/** The realm named in every `WWW-Authenticate` challenge. */
export const AUTH_REALM = 'asc-action-plan-engine';

/** A request that did not prove who it comes from: the HTTP layer answers 401. */
export class AuthenticationError extends Error {
  constructor(
    readonly reason: AuthenticationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }

  /**
   * The `WWW-Authenticate` value (RFC 6750 §3): a bare challenge when no token was sent,
   * `error="invalid_token"` with a description otherwise.
   */
  challenge(realm: string = AUTH_REALM): string {
    const base = `Bearer realm="${quotable(realm)}"`;
    if (this.reason === 'missing-token') return base;
    return `${base}, error="invalid_token", error_description="${quotable(this.message)}"`;
  }
}

/**
 * The identity provider's key set could not be fetched (down, timed out, not JSON): the token may
 * well be good, so the HTTP layer answers 503 (retry later), not 401.
 */
export class IdentityProviderUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/** RFC 6750 error_description: printable ASCII without `"` and `\`. */
function quotable(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}
