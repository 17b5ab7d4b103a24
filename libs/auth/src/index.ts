export { isRole, type Principal, type Role, ROLES } from './principal';
export {
  hasPermission,
  isOwnerScoped,
  isPermission,
  OWNER_SCOPED_PERMISSIONS,
  type OwnedResource,
  ownerIdOf,
  ownsOrMay,
  type Permission,
  PERMISSIONS,
  permissionsOf,
  READ_PERMISSIONS,
  ROLE_PERMISSIONS,
  WRITE_PERMISSIONS,
} from './permissions';
export {
  AUTH_REALM,
  AuthenticationError,
  type AuthenticationFailure,
  IdentityProviderUnavailableError,
} from './auth.errors';
export { type AuthLogger, loadOrCreateSigningSecret, SECRET_FILE_NAME } from './signing-secret';
export {
  type AuthConfig,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  type HmacTokenKey,
  resolveHmacTokenKey,
  usesJwks,
} from './auth-settings';
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  HMAC_ALGORITHMS,
  type HmacVerifierOptions,
  JWKS_ALGORITHMS,
  type JwksVerifierOptions,
  principalFromClaims,
  TokenVerifier,
  type TokenVerifierOptions,
} from './token-verifier';
export {
  DEFAULT_DEV_TOKEN_TTL,
  type DevTokenRequest,
  issueDevToken,
  ttlSeconds,
} from './token-issuer';
export {
  type AuthenticatedRequest,
  CurrentPrincipal,
  IS_PUBLIC_KEY,
  principalOf,
  Public,
  REQUIRED_PERMISSIONS_KEY,
  RequirePermission,
} from './auth.decorators';
export { assertMay, PermissionDeniedException } from './permission-denied.exception';
export { AuthGuard } from './auth.guard';
export { AuthModule } from './auth.module';
