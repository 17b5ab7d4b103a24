import { type DeliveryReceipt, type NotificationSender } from '../model/delivery.model';
import { type Notification } from '../model/notification.model';
import { NotificationDeliveryError } from '../model/notification-delivery.error';
import { renderNotification } from '../render/notification-message.template';

/**
 * Sends a notification on every configured channel (email or log, and the webhook when set) and
 * returns one receipt per recipient reached. Plain class: the Nest module only builds it.
 */
export class Notifier {
  constructor(private readonly senders: readonly NotificationSender[]) {
    if (senders.length === 0) throw new RangeError('A Notifier needs at least one channel');
  }

  /** The channels in use, e.g. `['email', 'webhook']`. */
  get channels(): NotificationSender['channel'][] {
    return this.senders.map((s) => s.channel);
  }

  /**
   * Delivers on every channel at once. Resolves with all receipts, or rejects with a
   * NotificationDeliveryError when any channel failed. With several failures the thrown error is
   * a retryable one when there is one (a retry can still help that channel), and it lists every
   * failure in `failures` and what did go out in `delivered`. A retry sends on every channel
   * again: the Message-ID and Idempotency-Key let receivers drop the repeat.
   */
  async send(notification: Notification): Promise<DeliveryReceipt[]> {
    const message = renderNotification(notification);
    const results = await Promise.allSettled(
      this.senders.map((sender) => sender.send(notification, message)),
    );
    const delivered: DeliveryReceipt[] = [];
    const failures: NotificationDeliveryError[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        delivered.push(...result.value);
        return;
      }
      const error: unknown = result.reason;
      const sender = this.senders[i] as NotificationSender;
      const failure =
        error instanceof NotificationDeliveryError
          ? error
          : new NotificationDeliveryError({
              channel: sender.channel,
              recipient: 'unknown',
              retryable: true,
              cause: error,
            });
      delivered.push(...failure.delivered);
      failures.push(failure);
    });
    if (failures.length === 0) return delivered;
    const first = failures.find((f) => f.retryable) ?? (failures[0] as NotificationDeliveryError);
    if (failures.length === 1 && first.delivered.length === delivered.length) throw first;
    throw new NotificationDeliveryError({
      channel: first.channel,
      recipient: first.recipient,
      retryable: first.retryable,
      cause: first.cause,
      message: failures.map((f) => f.message).join('; '),
      delivered,
      failures,
    });
  }

  /** Closes the channels' connections (the Nest module calls it on shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.senders.map((s) => s.close?.()));
  }
}
