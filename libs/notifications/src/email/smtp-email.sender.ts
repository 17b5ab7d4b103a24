import { createTransport } from 'nodemailer';
import { type DeliveryReceipt, type NotificationSender } from '../model/delivery.model';
import { type Notification } from '../model/notification.model';
import { NotificationDeliveryError } from '../model/notification-delivery.error';
import { type RenderedMessage } from '../render/notification-message.template';
import { domainOf, emailEnvelope, notificationMessageId } from './email-envelope.helpers';

export interface SmtpEmailSenderOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (SMTP_URL). */
  readonly smtpUrl: string;
  /** The From address (MAIL_FROM). */
  readonly from: string;
  /** Milliseconds to open the TCP connection (default 5 s). */
  readonly connectionTimeoutMs?: number;
  /** Milliseconds to wait for the server's greeting (default 5 s). */
  readonly greetingTimeoutMs?: number;
  /** Milliseconds of silence on the socket before giving up (default 15 s). */
  readonly socketTimeoutMs?: number;
  /** Connections kept open to the server at most (default 8). */
  readonly maxConnections?: number;
  /** Messages sent over one connection before it is replaced (default 500). */
  readonly maxMessages?: number;
}

/** SMTP connection errors that say "not now" rather than "never". */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * Whether trying again later can help: a 4xx reply (421 busy, 450 mailbox busy, 452 full) or a
 * connection that failed or timed out, yes; a 5xx reply (550 no such mailbox, 535 bad login) or a
 * message the library refused to build, no.
 */
export function isRetryableSmtpError(error: unknown): boolean {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return typeof e.code === 'string' && TRANSIENT_CODES.has(e.code);
}

/**
 * Sends a notification as one email through nodemailer's SMTP transport: to the owner for a
 * reminder, to the board (copying the owner) for an escalation. Pooled: reminders come in bursts
 * (every action due on a date falls due at the same London midnight), and a connection of its own
 * per message (TCP, greeting, EHLO, QUIT) cost more than the message; the pool opens a fresh
 * connection when one breaks, so a restarted server is picked up again. Short timeouts so a dead
 * server fails the job quickly and BullMQ retries it.
 */
export class SmtpEmailSender implements NotificationSender {
  readonly channel = 'email' as const;
  private readonly transport: ReturnType<typeof createTransport>;
  private readonly messageIdDomain: string;

  constructor(private readonly options: SmtpEmailSenderOptions) {
    this.transport = createTransport({
      url: options.smtpUrl,
      pool: true,
      maxConnections: options.maxConnections ?? 8,
      maxMessages: options.maxMessages ?? 500,
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      greetingTimeout: options.greetingTimeoutMs ?? 5_000,
      socketTimeout: options.socketTimeoutMs ?? 15_000,
      // Give up at once on a dropped connection instead of waiting for a polite close.
      socketCloseTimeout: 0,
    });
    this.messageIdDomain = domainOf(options.from, 'asc-engine.invalid');
  }

  async send(notification: Notification, message: RenderedMessage): Promise<DeliveryReceipt[]> {
    const { to, cc } = emailEnvelope(notification);
    const messageId = notificationMessageId(notification.notificationKey, this.messageIdDomain);
    const recipients = [...to, ...cc];
    // An escalation with no owner and a board without an address: no one to email.
    if (recipients.length === 0) return [];
    let info: { accepted?: unknown[]; rejected?: unknown[]; rejectedErrors?: unknown[] };
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: [...to],
        cc: [...cc],
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        headers: {
          // RFC 3834: no out-of-office replies to a machine.
          'Auto-Submitted': 'auto-generated',
          'X-Notification-Key': notification.notificationKey,
        },
      });
    } catch (error) {
      throw new NotificationDeliveryError({
        channel: 'email',
        recipient: recipients.join(', '),
        retryable: isRetryableSmtpError(error),
        cause: error,
      });
    }
    const rejected = (info.rejected ?? []).map(String);
    const receipts = recipients
      .filter((r) => !rejected.some((x) => x.toLowerCase() === r.toLowerCase()))
      .map((recipient): DeliveryReceipt => ({ channel: 'email', recipient, messageId }));
    if (rejected.length > 0) {
      // Some recipients were refused while others got the message: report the refusal, and
      // what was delivered, so the worker can record both.
      const errors = info.rejectedErrors ?? [];
      throw new NotificationDeliveryError({
        channel: 'email',
        recipient: rejected.join(', '),
        retryable: errors.length > 0 && errors.every(isRetryableSmtpError),
        cause: errors[0] ?? new Error(`Recipients refused: ${rejected.join(', ')}`),
        delivered: receipts,
      });
    }
    return receipts;
  }

  close(): void {
    this.transport.close();
  }
}
