import { type NotificationSender } from '../model/delivery.model';
import { LogSender, type NotificationLog } from '../email/log-email.sender';
import { SmtpEmailSender, type SmtpEmailSenderOptions } from '../email/smtp-email.sender';
import { WebhookSender } from '../webhook/webhook.sender';
import { Notifier } from './notifier.service';

/** The settings the notifier reads (a subset of EngineConfig, so tests need no full config). */
export interface NotifierSettings {
  readonly SMTP_URL?: string;
  readonly MAIL_FROM?: string;
  readonly NOTIFY_WEBHOOK_URL?: string;
  /** EngineConfig.publicUrl: its host names the default sender. */
  readonly publicUrl: string;
}

export interface NotifierOptions {
  /** Where the log channel writes when SMTP_URL is not set. */
  readonly log: NotificationLog;
  readonly smtp?: Pick<
    SmtpEmailSenderOptions,
    'connectionTimeoutMs' | 'greetingTimeoutMs' | 'socketTimeoutMs'
  >;
  readonly webhookTimeoutMs?: number;
}

/** Email when SMTP_URL is set, otherwise the log; plus the webhook when NOTIFY_WEBHOOK_URL is. */
export function createNotifier(settings: NotifierSettings, options: NotifierOptions): Notifier {
  const senders: NotificationSender[] = [];
  if (settings.SMTP_URL) {
    senders.push(
      new SmtpEmailSender({
        smtpUrl: settings.SMTP_URL,
        from: settings.MAIL_FROM ?? defaultFrom(settings.publicUrl),
        ...options.smtp,
      }),
    );
  } else {
    senders.push(new LogSender(options.log));
  }
  if (settings.NOTIFY_WEBHOOK_URL) {
    senders.push(
      new WebhookSender({ url: settings.NOTIFY_WEBHOOK_URL, timeoutMs: options.webhookTimeoutMs }),
    );
  }
  return new Notifier(senders);
}

function defaultFrom(publicUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // keep localhost: EngineConfig has validated PUBLIC_URL already
  }
  return `"ASC action plan" <no-reply@${host}>`;
}
