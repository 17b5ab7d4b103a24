import {
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { type Permission } from './permissions';
import { type Principal } from './principal';

export const IS_PUBLIC_KEY = 'asc:auth:public';
export const REQUIRED_PERMISSIONS_KEY = 'asc:auth:permissions';

/** Opens a route (or a whole controller) to requests without a token: health, metrics, docs. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The permissions a route needs (all of them; on a controller and a handler, both sets). For the
 * owner-scoped permissions this checks the role only: the handler checks ownership with `assertMay`.
 * A route without it needs only a valid token.
 */
export const RequirePermission = (
  ...permissions: [Permission, ...Permission[]]
): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_PERMISSIONS_KEY, permissions);

/** A request that passed the AuthGuard; the guard puts the principal here. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** The principal of a request, or undefined on a `@Public()` route. */
export function principalOf(request: unknown): Principal | undefined {
  return (request as AuthenticatedRequest | undefined)?.principal;
}

/** The verified principal of the request. Answers 401 if there is none (a `@Public()` route). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = principalOf(context.switchToHttp().getRequest());
    if (!principal) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'this route needs a signed-in user',
      });
    }
    return principal;
  },
);
