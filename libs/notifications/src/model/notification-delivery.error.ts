import { type DeliveryReceipt, type NotificationChannel } from './delivery.model';

/**
 * A channel did not deliver. `retryable` tells the worker whether trying again later can help
 * (a server busy or unreachable, a timeout, a 4xx SMTP reply, a 5xx/429 HTTP reply) or not
 * (a 5xx SMTP reply such as an unknown mailbox, a 4xx HTTP reply, a bad configuration).
 */
export class NotificationDeliveryError extends Error {
  override readonly name = 'NotificationDeliveryError';
  readonly channel: NotificationChannel;
  /** Who it was for: email address(es) or the webhook URL without its query. */
  readonly recipient: string;
  readonly retryable: boolean;
  override readonly cause: unknown;
  /** Deliveries that did succeed before this one failed, when the Notifier sent on several channels. */
  readonly delivered: readonly DeliveryReceipt[];
  /** Every failure when several channels failed; this error is the one that decides `retryable`. */
  readonly failures: readonly NotificationDeliveryError[];

  constructor(init: {
    channel: NotificationChannel;
    recipient: string;
    retryable: boolean;
    cause: unknown;
    message?: string;
    delivered?: readonly DeliveryReceipt[];
    failures?: readonly NotificationDeliveryError[];
  }) {
    super(
      init.message ??
        `${init.channel} delivery to ${init.recipient} failed (${init.retryable ? 'will retry' : 'permanent'}): ${describeCause(init.cause)}`,
    );
    this.channel = init.channel;
    this.recipient = init.recipient;
    this.retryable = init.retryable;
    this.cause = init.cause;
    this.delivered = init.delivered ?? [];
    this.failures = init.failures ?? [this];
  }
}

export function isNotificationDeliveryError(error: unknown): error is NotificationDeliveryError {
  return error instanceof NotificationDeliveryError;
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
