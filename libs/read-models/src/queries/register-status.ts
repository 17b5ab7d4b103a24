import { ACTION_STATUSES, DELIVERY_STATUSES, type DeliveryStatus } from '@asc/domain';

/**
 * What `status` filters the register on: a delivery status (as people see it, computed for today)
 * or one of the two lifecycle states that delivery status does not name (`raised`, `open`).
 * `completed`, `closed` and `cancelled` mean the same in both lists.
 */
export const REGISTER_STATUSES = [
  ...DELIVERY_STATUSES,
  ...ACTION_STATUSES.filter((s) => !(DELIVERY_STATUSES as readonly string[]).includes(s)),
] as const;
export type RegisterStatus = DeliveryStatus | 'raised' | 'open';

/**
 * A status as written in a query string: case-insensitive, with spaces, hyphens or underscores
 * (`on track`, `on-track`, `ON_TRACK`); undefined when it is none of REGISTER_STATUSES.
 */
export function parseRegisterStatus(value: string): RegisterStatus | undefined {
  const normalised = value
    .trim()
    .toLowerCase()
    .replace(/[-_\s]+/g, ' ');
  return (REGISTER_STATUSES as readonly string[]).includes(normalised)
    ? (normalised as RegisterStatus)
    : undefined;
}
