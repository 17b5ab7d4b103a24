import { type DeliveryReceipt, type NotificationSender } from '../model/delivery.model';
import { type Notification } from '../model/notification.model';
import { type RenderedMessage } from '../render/notification-message.template';
import { emailEnvelope } from './email-envelope.helpers';

/** Where a LogSender writes: one structured entry per notification. */
export type NotificationLog = (entry: Record<string, unknown>) => void;

/**
 * Without SMTP_URL the engine logs each message instead of sending it (api.md: "mail is
 * logged, not sent"), with the recipients it would have had, so a demo shows what went out.
 */
export class LogSender implements NotificationSender {
  readonly channel = 'log' as const;

  constructor(private readonly log: NotificationLog) {}

  send(notification: Notification, message: RenderedMessage): Promise<DeliveryReceipt[]> {
    const { to, cc } = emailEnvelope(notification);
    this.log({
      msg: 'Notification logged, not sent (SMTP_URL is not set)',
      notificationKey: notification.notificationKey,
      type: notification.type,
      actionId: notification.actionId,
      to,
      cc,
      subject: message.subject,
      text: message.text,
    });
    return Promise.resolve(
      [...to, ...cc].map((recipient): DeliveryReceipt => ({ channel: 'log', recipient })),
    );
  }
}
