import { ForbiddenException } from '@nestjs/common';
import {
  hasPermission,
  isOwnerScoped,
  type OwnedResource,
  ownsOrMay,
  type Permission,
} from './permissions';
import { type Principal } from './principal';

/**
 * 403 naming the missing permission:
 * `{ statusCode: 403, error: 'Forbidden', message: 'requires permission action:raise', requiredPermission: 'action:raise' }`;
 * for an owner-scoped permission on someone else's action, also `reason: 'not-owner'`.
 */
export class PermissionDeniedException extends ForbiddenException {
  constructor(
    readonly requiredPermission: Permission,
    readonly denial: 'missing-permission' | 'not-owner' = 'missing-permission',
  ) {
    super({
      statusCode: 403,
      error: 'Forbidden',
      message:
        denial === 'not-owner'
          ? `requires permission ${requiredPermission} on an action you own`
          : `requires permission ${requiredPermission}`,
      requiredPermission,
      ...(denial === 'not-owner' ? { reason: 'not-owner' } : {}),
    });
    this.name = 'PermissionDeniedException';
  }
}

/**
 * For handlers, once the action is loaded: throws PermissionDeniedException unless `principal`
 * may do `permission`. For the owner-scoped permissions (progress, evidence, complete) the action
 * must be the principal's own; without `resource` they are refused (fail closed).
 */
export function assertMay(
  principal: Pick<Principal, 'id' | 'roles'>,
  permission: Permission,
  resource?: OwnedResource,
): void {
  if (!hasPermission(principal, permission)) throw new PermissionDeniedException(permission);
  if (isOwnerScoped(permission) && !ownsOrMay(principal, permission, resource ?? {})) {
    throw new PermissionDeniedException(permission, 'not-owner');
  }
}
