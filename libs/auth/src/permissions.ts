import { type Principal, type Role } from './principal';

/**
 * What a request may do. Each permission guards these endpoints of ../shared/design/api.md:
 *
 * | permission        | endpoints |
 * |-------------------|-----------|
 * | `plan:manage`     | `POST /plans`, `PUT /plans/:id/boards/:boardId`, `PUT /plans/:id/policy`, `POST /plans/:id/scores`, `POST /plans/:id/imports` |
 * | `action:raise`    | `POST /actions` |
 * | `action:assign`   | `POST /actions/:id/owner` |
 * | `action:replan`   | `POST /actions/:id/due-date` |
 * | `action:progress` | `POST /actions/:id/progress` (owner-scoped) |
 * | `action:evidence` | `POST /actions/:id/evidence` (owner-scoped) |
 * | `action:complete` | `POST /actions/:id/complete` (owner-scoped) |
 * | `action:verify`   | `POST /actions/:id/verify` and `POST /actions/:id/reject` |
 * | `action:cancel`   | `POST /actions/:id/cancel` |
 * | `action:escalate` | `POST /actions/:id/escalate` |
 * | `board:decide`    | `POST /actions/:id/decisions` |
 * | `register:read`   | `GET /actions`, `GET /actions/:id` (also `?asOf=`), `GET /plans/:id` |
 * | `report:read`     | `GET /plans/:id/board-report` |
 * | `history:read`    | `GET /actions/:id/history` |
 * | `audit:read`      | `GET /audit/verify`, `GET /audit/events` |
 * | `queues:manage`   | Bull Board at `/admin/queues` (its retry, clean and promote too) and `POST /admin/queues/session` |
 *
 * `GET /health`, `GET /metrics` and `/docs` are public (`@Public()`).
 */
export const WRITE_PERMISSIONS = [
  'plan:manage',
  'action:raise',
  'action:assign',
  'action:replan',
  'action:progress',
  'action:evidence',
  'action:complete',
  'action:verify',
  'action:cancel',
  'action:escalate',
  'board:decide',
  // Bull Board can retry, promote, clean and empty the chase queue: admins only.
  'queues:manage',
] as const;

export const READ_PERMISSIONS = [
  'register:read',
  'report:read',
  'history:read',
  'audit:read',
] as const;

export const PERMISSIONS = [...WRITE_PERMISSIONS, ...READ_PERMISSIONS] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** What every signed-in role may read: the action register and the reports. */
const REGISTER_AND_REPORTS: readonly Permission[] = ['register:read', 'report:read'];

/**
 * The role → permission table of api.md ("Roles"). Where api.md is silent:
 * - `admin`, `lead` and `owner` also read the register and the reports (every role does). Of them
 *   only `admin` reads the event history and the audit endpoints (verify, export): it runs the
 *   engine and answers for its integrity after a restore; `lead` and `owner` do not.
 * - `board` "reads all": every read permission, including history and the audit endpoints.
 * - `auditor` reads everything and writes nothing; `viewer` reads the register and reports only.
 * - `lead` and `admin` do not get the owner-scoped permissions (progress, evidence, complete):
 *   api.md gives them to the owner only, and the event must record the person who actually did
 *   the work. A lead who needs to report on an action assigns it to its real owner; someone who
 *   is both (roles `['lead', 'owner']`) may report on the actions assigned to them.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['plan:manage', 'queues:manage', ...REGISTER_AND_REPORTS, 'history:read', 'audit:read'],
  lead: [
    'action:raise',
    'action:assign',
    'action:replan',
    'action:verify',
    'action:cancel',
    'action:escalate',
    ...REGISTER_AND_REPORTS,
  ],
  owner: ['action:progress', 'action:evidence', 'action:complete', ...REGISTER_AND_REPORTS],
  board: ['board:decide', 'action:verify', ...READ_PERMISSIONS],
  auditor: [...READ_PERMISSIONS],
  viewer: [...REGISTER_AND_REPORTS],
};

/**
 * Permissions that also need the action to be the principal's own (`action.owner.id === sub`).
 * The guard can only check the role part; the handler that has loaded the action checks the rest
 * with `ownsOrMay` (or `assertMay`, which answers 403).
 */
export const OWNER_SCOPED_PERMISSIONS: readonly Permission[] = [
  'action:progress',
  'action:evidence',
  'action:complete',
];

export function isOwnerScoped(permission: Permission): boolean {
  return OWNER_SCOPED_PERMISSIONS.includes(permission);
}

/** Union of the permissions of `roles`. Unknown role names (not in `Role`) grant nothing. */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles)
    for (const permission of ROLE_PERMISSIONS[role] ?? []) granted.add(permission);
  return granted;
}

/** Whether one of the principal's roles grants `permission` (ownership aside). */
export function hasPermission(
  principal: Pick<Principal, 'roles'>,
  permission: Permission,
): boolean {
  return permissionsOf(principal.roles).has(permission);
}

/** An action (or anything owned) as the permission check sees it: its owner's subject id. */
export type OwnedResource =
  { readonly ownerId?: string | null } | { readonly owner?: { readonly id: string } | null };

export function ownerIdOf(resource: OwnedResource): string | null {
  if ('ownerId' in resource && typeof resource.ownerId === 'string') return resource.ownerId;
  if ('owner' in resource && resource.owner && typeof resource.owner.id === 'string')
    return resource.owner.id;
  return null;
}

/**
 * Whether `principal` may do `permission` to `resource`. For the owner-scoped permissions
 * (progress, evidence, complete) the principal needs the permission *and* must own the resource;
 * an action with no owner belongs to nobody. Every other permission is just `hasPermission`.
 */
export function ownsOrMay(
  principal: Pick<Principal, 'id' | 'roles'>,
  permission: Permission,
  resource: OwnedResource,
): boolean {
  if (!hasPermission(principal, permission)) return false;
  if (!isOwnerScoped(permission)) return true;
  const ownerId = ownerIdOf(resource);
  return ownerId !== null && ownerId === principal.id;
}
