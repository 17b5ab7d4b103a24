import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type AuthenticatedRequest,
  IS_PUBLIC_KEY,
  REQUIRED_PERMISSIONS_KEY,
} from './auth.decorators';
import { AuthenticationError, IdentityProviderUnavailableError } from './auth.errors';
import { PermissionDeniedException } from './permission-denied.exception';
import { hasPermission, type Permission } from './permissions';
import { TokenVerifier } from './token-verifier';

/**
 * Global guard (AuthModule registers it as APP_GUARD). Every route needs a valid bearer token
 * unless it is `@Public()` (public routes do not look at the token at all); the principal is then
 * put on `request.principal`, and the `@RequirePermission(...)` permissions are checked.
 * 401 (with `WWW-Authenticate`) for a missing or invalid token, 403 naming the first missing
 * permission, 503 when the identity provider's keys cannot be fetched.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets)) return true;
    // Only HTTP is served; anything else is refused rather than let through unchecked.
    if (context.getType() !== 'http') return false;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      request.principal = await this.verifier.verifyAuthorizationHeader(
        request.headers?.authorization,
      );
    } catch (error) {
      if (error instanceof AuthenticationError) {
        setHeader(http.getResponse(), 'WWW-Authenticate', error.challenge());
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          message: error.message,
          reason: error.reason,
        });
      }
      if (error instanceof IdentityProviderUnavailableError) {
        throw new ServiceUnavailableException({
          statusCode: 503,
          error: 'Service Unavailable',
          message: error.message,
          dependency: 'identity-provider',
        });
      }
      throw error;
    }
    const required =
      this.reflector.getAllAndMerge<Permission[]>(REQUIRED_PERMISSIONS_KEY, targets) ?? [];
    const missing = required.find((permission) => !hasPermission(request.principal!, permission));
    if (missing) throw new PermissionDeniedException(missing);
    return true;
  }
}

/** Fastify's reply.header, or Express's res.setHeader. */
function setHeader(response: unknown, name: string, value: string): void {
  const reply = response as {
    header?: (n: string, v: string) => unknown;
    setHeader?: (n: string, v: string) => unknown;
  };
  if (typeof reply.header === 'function') reply.header(name, value);
  else if (typeof reply.setHeader === 'function') reply.setHeader(name, value);
}
