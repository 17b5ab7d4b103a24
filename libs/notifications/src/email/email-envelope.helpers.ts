import { createHash } from 'node:crypto';
import { type Notification } from '../model/notification.model';

/**
 * Who an email goes to: reminders to the owner; escalations to the board, copying the owner.
 * An escalation with neither an owner nor a board address goes to nobody (both lists empty).
 */
export interface EmailEnvelope {
  readonly to: readonly string[];
  readonly cc: readonly string[];
}

export function emailEnvelope(notification: Notification): EmailEnvelope {
  if (notification.type === 'reminder') return { to: [notification.owner.email], cc: [] };
  const owner = notification.owner?.email;
  const board = notification.board.email;
  // A board with no address (the default boards have none): the owner still hears of it.
  if (!board) return { to: owner ? [owner] : [], cc: [] };
  if (!owner || board.toLowerCase() === owner.toLowerCase()) return { to: [board], cc: [] };
  return { to: [board], cc: [owner] };
}

/**
 * The same notificationKey always gives the same Message-ID, so a redelivery after a retry is
 * recognisable (and de-duplicable) by mail systems and people downstream. The key is hashed:
 * it holds characters (`:`) a Message-ID's left part may not.
 */
export function notificationMessageId(notificationKey: string, domain: string): string {
  const hash = createHash('sha256').update(notificationKey, 'utf8').digest('hex').slice(0, 40);
  return `<asc.${hash}@${domain}>`;
}

/** The domain of an address (`chasing@council.example` → `council.example`). */
export function domainOf(address: string | undefined, fallback: string): string {
  const match = address ? /@([^@\s>]+)>?\s*$/.exec(address) : null;
  return match?.[1] ?? fallback;
}
