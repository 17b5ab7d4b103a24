import {
  assertMay,
  hasPermission,
  ownsOrMay,
  PermissionDeniedException,
  type Permission,
  PERMISSIONS,
  permissionsOf,
  type Principal,
  READ_PERMISSIONS,
  type Role,
  ROLE_PERMISSIONS,
  ROLES,
  WRITE_PERMISSIONS,
} from '../src';

const sorted = (permissions: Iterable<Permission>): Permission[] => [...permissions].sort();
const principal = (id: string, ...roles: Role[]): Principal => ({ id, name: id, roles });

describe('role → permission table (api.md "Roles")', () => {
  const expected: Record<Role, Permission[]> = {
    admin: [
      'plan:manage',
      'queues:manage',
      'register:read',
      'report:read',
      'history:read',
      'audit:read',
    ],
    lead: [
      'action:raise',
      'action:assign',
      'action:replan',
      'action:verify',
      'action:cancel',
      'action:escalate',
      'register:read',
      'report:read',
    ],
    owner: [
      'action:progress',
      'action:evidence',
      'action:complete',
      'register:read',
      'report:read',
    ],
    board: [
      'board:decide',
      'action:verify',
      'register:read',
      'report:read',
      'history:read',
      'audit:read',
    ],
    auditor: ['register:read', 'report:read', 'history:read', 'audit:read'],
    viewer: ['register:read', 'report:read'],
  };

  it.each(ROLES.map((role) => [role]))('%s has exactly its permissions', (role) => {
    expect(sorted(permissionsOf([role]))).toEqual(sorted(expected[role]));
    expect(sorted(ROLE_PERMISSIONS[role])).toEqual(sorted(expected[role]));
  });

  it('covers every role and only known permissions', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES)
      for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
    expect(sorted([...WRITE_PERMISSIONS, ...READ_PERMISSIONS])).toEqual(sorted(PERMISSIONS));
  });

  it('the auditor reads everything and writes nothing', () => {
    const auditor = principal('aud-1', 'auditor');
    for (const p of READ_PERMISSIONS) expect(hasPermission(auditor, p)).toBe(true);
    for (const p of WRITE_PERMISSIONS) expect(hasPermission(auditor, p)).toBe(false);
  });

  it('the viewer reads only the register and the reports', () => {
    const viewer = principal('v-1', 'viewer');
    expect(PERMISSIONS.filter((p) => hasPermission(viewer, p))).toEqual([
      'register:read',
      'report:read',
    ]);
  });

  it('the board decides, verifies and reads all', () => {
    const board = principal('b-1', 'board');
    for (const p of READ_PERMISSIONS) expect(hasPermission(board, p)).toBe(true);
    expect(WRITE_PERMISSIONS.filter((p) => hasPermission(board, p))).toEqual([
      'action:verify',
      'board:decide',
    ]);
  });

  it('every role reads the register and the reports; only admin, board and auditor read history and audit', () => {
    for (const role of ROLES) {
      expect(hasPermission(principal('x', role), 'register:read')).toBe(true);
      expect(hasPermission(principal('x', role), 'report:read')).toBe(true);
    }
    expect(ROLES.filter((r) => hasPermission(principal('x', r), 'history:read'))).toEqual([
      'admin',
      'board',
      'auditor',
    ]);
    expect(ROLES.filter((r) => hasPermission(principal('x', r), 'audit:read'))).toEqual([
      'admin',
      'board',
      'auditor',
    ]);
  });

  it('only admin manages plans and queues; lead and admin never get the owner permissions', () => {
    expect(ROLES.filter((r) => hasPermission(principal('x', r), 'plan:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => hasPermission(principal('x', r), 'queues:manage'))).toEqual([
      'admin',
    ]);
    for (const p of ['action:progress', 'action:evidence', 'action:complete'] as const) {
      expect(ROLES.filter((r) => hasPermission(principal('x', r), p))).toEqual(['owner']);
    }
  });

  it('several roles grant the union of their permissions', () => {
    expect(sorted(permissionsOf(['lead', 'owner']))).toEqual(
      sorted(new Set([...expected.lead, ...expected.owner])),
    );
    expect(permissionsOf([]).size).toBe(0);
  });
});

describe('owner rule', () => {
  const ann = principal('ann', 'owner');
  const leo = principal('leo', 'lead');
  const both = principal('bob', 'lead', 'owner');

  it('an owner reports progress, evidence and completion on the actions they own only', () => {
    for (const p of ['action:progress', 'action:evidence', 'action:complete'] as const) {
      expect(ownsOrMay(ann, p, { ownerId: 'ann' })).toBe(true);
      expect(ownsOrMay(ann, p, { owner: { id: 'ann' } })).toBe(true);
      expect(ownsOrMay(ann, p, { ownerId: 'someone-else' })).toBe(false);
      expect(ownsOrMay(ann, p, { ownerId: null })).toBe(false);
      expect(ownsOrMay(ann, p, { owner: null })).toBe(false);
    }
  });

  it('a lead may not report on an action even when it is theirs, unless they also hold the owner role', () => {
    expect(ownsOrMay(leo, 'action:progress', { ownerId: 'leo' })).toBe(false);
    expect(ownsOrMay(both, 'action:progress', { ownerId: 'bob' })).toBe(true);
    expect(ownsOrMay(both, 'action:progress', { ownerId: 'ann' })).toBe(false);
  });

  it('other permissions do not depend on who owns the action', () => {
    expect(ownsOrMay(leo, 'action:verify', { ownerId: 'ann' })).toBe(true);
    expect(ownsOrMay(ann, 'action:verify', { ownerId: 'ann' })).toBe(false);
  });

  it('assertMay answers 403 naming the permission, and says when ownership is what is missing', () => {
    expect(() => assertMay(ann, 'action:progress', { ownerId: 'ann' })).not.toThrow();
    expect(() => assertMay(leo, 'action:raise')).not.toThrow();

    const notOwner = catchError(() => assertMay(ann, 'action:complete', { ownerId: 'zoe' }));
    expect(notOwner).toBeInstanceOf(PermissionDeniedException);
    expect((notOwner as PermissionDeniedException).getStatus()).toBe(403);
    expect((notOwner as PermissionDeniedException).getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'requires permission action:complete on an action you own',
      requiredPermission: 'action:complete',
      reason: 'not-owner',
    });

    const missing = catchError(() => assertMay(leo, 'action:progress', { ownerId: 'leo' }));
    expect((missing as PermissionDeniedException).getResponse()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'requires permission action:progress',
      requiredPermission: 'action:progress',
    });

    // Owner-scoped without the action: refused rather than let through.
    expect(catchError(() => assertMay(ann, 'action:evidence'))).toBeInstanceOf(
      PermissionDeniedException,
    );
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
