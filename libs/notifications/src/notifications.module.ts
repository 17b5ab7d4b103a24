import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EngineConfig } from '@asc/config';
import { createNotifier } from './notifier/create-notifier.factory';
import { Notifier } from './notifier/notifier.service';

/**
 * Provides the Notifier built from EngineConfig (SMTP_URL, MAIL_FROM, NOTIFY_WEBHOOK_URL,
 * PUBLIC_URL). Needs EngineConfigModule (global) in the application.
 */
@Module({
  providers: [
    {
      provide: Notifier,
      inject: [EngineConfig],
      useFactory: (config: EngineConfig) => {
        const logger = new Logger('Notifications');
        return createNotifier(
          {
            SMTP_URL: config.SMTP_URL,
            MAIL_FROM: config.MAIL_FROM,
            NOTIFY_WEBHOOK_URL: config.NOTIFY_WEBHOOK_URL,
            publicUrl: config.publicUrl,
          },
          { log: (entry) => logger.log(entry) },
        );
      },
    },
  ],
  exports: [Notifier],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(Notifier) private readonly notifier: Notifier) {}

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
  }
}
