import { type DeliveryReceipt, type NotificationSender } from '../model/delivery.model';
import { type Notification } from '../model/notification.model';
import { NotificationDeliveryError } from '../model/notification-delivery.error';
import { type RenderedMessage } from '../render/notification-message.template';

export interface WebhookSenderOptions {
  /** NOTIFY_WEBHOOK_URL, http or https. */
  readonly url: string;
  /** Milliseconds for the whole request, answer included (default 5 s). */
  readonly timeoutMs?: number;
}

/** What the webhook receives: the notification as given, plus the subject the email carries. */
export type WebhookPayload = Notification & { readonly subject: string };

/**
 * POSTs each notification as JSON to one URL, for a council's own tooling (Teams, a case system).
 * `Idempotency-Key` is the notificationKey, so a receiver can drop a redelivery. Any answer but
 * 2xx is a failure: 408, 429 and 5xx, a timeout or a network error are worth retrying; other
 * answers (4xx, a redirect) are not.
 */
export class WebhookSender implements NotificationSender {
  readonly channel = 'webhook' as const;
  private readonly recipient: string;

  constructor(private readonly options: WebhookSenderOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RangeError(`The notification webhook must be an http(s) URL: ${url.protocol}`);
    }
    // Receipts and errors end up in events and logs: leave out credentials and any query token.
    this.recipient = `${url.origin}${url.pathname}`;
  }

  async send(notification: Notification, message: RenderedMessage): Promise<DeliveryReceipt[]> {
    const payload: WebhookPayload = { ...notification, subject: message.subject };
    let status: number;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': notification.notificationKey,
        },
        body: JSON.stringify(payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      status = response.status;
      // Read (and drop) the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw new NotificationDeliveryError({
        channel: 'webhook',
        recipient: this.recipient,
        retryable: true,
        cause: error,
        message: `webhook delivery to ${this.recipient} failed (will retry): ${timeoutOr(error)}`,
      });
    }
    if (status < 200 || status > 299) {
      const retryable = status === 408 || status === 429 || status >= 500;
      throw new NotificationDeliveryError({
        channel: 'webhook',
        recipient: this.recipient,
        retryable,
        cause: new Error(`HTTP ${status}`),
        message: `webhook delivery to ${this.recipient} failed (${retryable ? 'will retry' : 'permanent'}): it answered HTTP ${status}`,
      });
    }
    return [{ channel: 'webhook', recipient: this.recipient }];
  }
}

function timeoutOr(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no answer before the timeout';
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
