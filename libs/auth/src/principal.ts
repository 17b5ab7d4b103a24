/** The roles of ../shared/design/api.md, as they appear in a token's `roles` claim. */
export const ROLES = ['admin', 'lead', 'owner', 'board', 'auditor', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The person behind a request, taken from a verified token. `id` is the token's `sub`: it is what
 * every event records as its actor.
 */
export interface Principal {
  /** The token's `sub`: the subject id at the identity provider (or the engine, for its own tokens). */
  readonly id: string;
  /** The `name` claim; the subject id when the token has none. */
  readonly name: string;
  /** The `email` claim, when the token carries one. */
  readonly email?: string;
  /** Known role names from the `roles` claim, deduplicated; never empty. */
  readonly roles: readonly Role[];
}
