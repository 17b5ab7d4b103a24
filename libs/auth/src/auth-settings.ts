import { Logger } from '@nestjs/common';
import { type EngineConfig } from '@asc/config';
import { type AuthLogger, loadOrCreateSigningSecret } from './signing-secret';

/** The settings this library reads; a whole `EngineConfig` fits. */
export type AuthConfig = Pick<
  EngineConfig,
  'DATA_DIR' | 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'
>;

/** In the embedded HS256 mode the engine issues its own tokens, under these names by default. */
export const DEFAULT_ISSUER = 'asc-action-plan-engine';
export const DEFAULT_AUDIENCE = 'asc-action-plan-api';

/** The key and names of the embedded HS256 mode, shared by the verifier and the dev-token issuer. */
export interface HmacTokenKey {
  /** UTF-8 bytes of AUTH_JWT_SECRET (or of the generated secret, which can be copied into it). */
  readonly secret: Uint8Array;
  readonly issuer: string;
  readonly audience: string;
}

export function authLogger(): AuthLogger {
  return new Logger('Auth');
}

/** Whether the configuration selects OIDC (JWKS) verification rather than the embedded HS256 mode. */
export function usesJwks(config: AuthConfig): boolean {
  return config.AUTH_JWKS_URL !== undefined && config.AUTH_JWKS_URL !== '';
}

/**
 * The HS256 key from AUTH_JWT_SECRET, or from `<DATA_DIR>/auth-secret` (created on first use),
 * with AUTH_ISSUER / AUTH_AUDIENCE or the engine's own names. Refuses when AUTH_JWKS_URL is set:
 * then tokens come from the identity provider and the engine signs none.
 *
 * In a CLI whose stdout is the token, pass a logger that writes to stderr.
 */
export function resolveHmacTokenKey(
  config: AuthConfig,
  logger: AuthLogger = authLogger(),
): HmacTokenKey {
  if (usesJwks(config)) {
    throw new Error(
      'AUTH_JWKS_URL is set: the engine accepts only tokens from that identity provider and issues none of its own',
    );
  }
  const secret = config.AUTH_JWT_SECRET ?? loadOrCreateSigningSecret(config.DATA_DIR, logger);
  return {
    secret: new TextEncoder().encode(secret),
    issuer: config.AUTH_ISSUER ?? DEFAULT_ISSUER,
    audience: config.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE,
  };
}
