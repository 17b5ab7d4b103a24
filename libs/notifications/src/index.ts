/**
 * @asc/notifications — what the chaser sends: owner reminders and board escalations, rendered
 * as plain English and delivered by email (SMTP), to the log when SMTP is not configured, and
 * optionally to a webhook. Plain classes at the core; NotificationsModule builds the Notifier
 * from EngineConfig.
 */
export {
  actionLink,
  type EscalationNotification,
  type Notification,
  type NotificationBoard,
  type NotificationPerson,
  type ReminderNotification,
} from './model/notification.model';
export {
  type DeliveryReceipt,
  type NotificationChannel,
  type NotificationSender,
} from './model/delivery.model';
export {
  NotificationDeliveryError,
  isNotificationDeliveryError,
} from './model/notification-delivery.error';
export { renderNotification, type RenderedMessage } from './render/notification-message.template';
export { dateInWords, daysOverdueInWords, escapeHtml } from './render/message-words.helpers';
export {
  domainOf,
  emailEnvelope,
  notificationMessageId,
  type EmailEnvelope,
} from './email/email-envelope.helpers';
export {
  SmtpEmailSender,
  isRetryableSmtpError,
  type SmtpEmailSenderOptions,
} from './email/smtp-email.sender';
export { LogSender, type NotificationLog } from './email/log-email.sender';
export {
  WebhookSender,
  type WebhookPayload,
  type WebhookSenderOptions,
} from './webhook/webhook.sender';
export { Notifier } from './notifier/notifier.service';
export {
  createNotifier,
  type NotifierOptions,
  type NotifierSettings,
} from './notifier/create-notifier.factory';
export { NotificationsModule } from './notifications.module';
