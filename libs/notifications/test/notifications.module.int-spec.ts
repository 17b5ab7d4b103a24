import { Test } from '@nestjs/testing';
import { EngineConfigModule } from '@asc/config';
import { NotificationsModule, Notifier } from '@asc/notifications';
import { owner, reminder } from './notification-fixtures';
import { startSmtpTestServer } from './smtp-test-server';

describe('NotificationsModule', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function notifierWith(env: Record<string, string>) {
    Object.assign(process.env, env);
    const module = await Test.createTestingModule({
      imports: [EngineConfigModule, NotificationsModule],
    }).compile();
    await module.init();
    return { notifier: module.get(Notifier), close: () => module.close() };
  }

  it('sends email when SMTP_URL is set, from MAIL_FROM', async () => {
    const smtp = await startSmtpTestServer();
    const { notifier, close } = await notifierWith({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'chasing@council.example',
    });
    try {
      expect(notifier.channels).toEqual(['email']);
      await notifier.send(reminder());
      expect(smtp.messages[0]).toMatchObject({
        mailFrom: 'chasing@council.example',
        rcptTo: [owner.email],
      });
    } finally {
      await close();
      await smtp.close();
    }
  });

  it('logs instead when SMTP_URL is not set', async () => {
    delete process.env.SMTP_URL;
    delete process.env.NOTIFY_WEBHOOK_URL;
    const { notifier, close } = await notifierWith({ LOG_LEVEL: 'silent' });
    try {
      expect(notifier.channels).toEqual(['log']);
      await expect(notifier.send(reminder())).resolves.toEqual([
        { channel: 'log', recipient: owner.email },
      ]);
    } finally {
      await close();
    }
  });
});
