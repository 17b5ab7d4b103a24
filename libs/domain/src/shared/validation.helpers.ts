import { refuse } from './domain-rule-violation';
import { isValidDate, isValidInstant } from './london-calendar';
import { type RuleId } from './rule-ids';

/** Internal helpers shared by the deciders; not part of the public API. */

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** The trimmed text, or a refusal naming `field`. */
export function requireText(value: unknown, rule: RuleId, message: string, field: string): string {
  if (!isNonEmptyString(value)) refuse(rule, message, field);
  return value.trim();
}

/** Optional free text: undefined/null → null, otherwise trimmed; a non-string is refused. */
export function optionalText(
  value: unknown,
  rule: RuleId,
  message: string,
  field: string,
): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') refuse(rule, message, field);
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : null;
}

export function requireDate(value: unknown, field: string): string {
  if (!isValidDate(value)) {
    refuse('invalid-date', `${field} must be a real calendar date written YYYY-MM-DD.`, field);
  }
  return value;
}

export function requireInstant(value: unknown, field = 'now'): string {
  if (!isValidInstant(value)) {
    refuse(
      'invalid-instant',
      `${field} must be an ISO 8601 instant with a time zone, e.g. 2025-01-31T09:00:00Z.`,
      field,
    );
  }
  return value;
}

export function requireActor(value: unknown): string {
  return requireText(
    value,
    'actor-required',
    'Every command must name who gives it (a subject id or system:<component>).',
    'actor',
  );
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A deliberately loose check: something@domain.tld, no spaces. */
export function isPlausibleEmail(value: unknown): value is string {
  return typeof value === 'string' && EMAIL_PATTERN.test(value);
}

export function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
