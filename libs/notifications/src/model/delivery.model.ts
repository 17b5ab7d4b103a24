import { type Notification } from './notification.model';
import { type RenderedMessage } from '../render/notification-message.template';

export type NotificationChannel = 'email' | 'webhook' | 'log';

/** One recipient a channel delivered to (or, for `log`, would have). */
export interface DeliveryReceipt {
  readonly channel: NotificationChannel;
  /** An email address, or the webhook URL without its query. */
  readonly recipient: string;
  /** The email's Message-ID (`<…>`), the same for every recipient of one message. */
  readonly messageId?: string;
}

/** One way of delivering a notification. Implementations throw NotificationDeliveryError. */
export interface NotificationSender {
  readonly channel: NotificationChannel;
  send(notification: Notification, message: RenderedMessage): Promise<DeliveryReceipt[]>;
  close?(): Promise<void> | void;
}
