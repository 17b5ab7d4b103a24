import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  isNotificationDeliveryError,
  type NotificationDeliveryError,
  notificationMessageId,
  Notifier,
  SmtpEmailSender,
} from '@asc/notifications';
import {
  ACTION_ID,
  escalation,
  owner,
  PUBLIC_URL,
  qapiBoard,
  reminder,
} from './notification-fixtures';
import { startSmtpTestServer } from './smtp-test-server';

const FROM = 'chasing@council.example';

async function failureOf(promise: Promise<unknown>): Promise<NotificationDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (isNotificationDeliveryError(error)) return error;
    throw error;
  }
  throw new Error('expected a NotificationDeliveryError');
}

function notifierFor(url: string) {
  return new Notifier([
    new SmtpEmailSender({
      smtpUrl: url,
      from: FROM,
      connectionTimeoutMs: 2_000,
      greetingTimeoutMs: 2_000,
      socketTimeoutMs: 5_000,
    }),
  ]);
}

describe('email over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpTestServer>>;
  let notifier: Notifier;

  beforeEach(async () => {
    smtp = await startSmtpTestServer();
    notifier = notifierFor(smtp.url);
  });
  afterEach(async () => {
    await notifier.close();
    await smtp.close();
  });

  it('sends a reminder to the owner, naming the action, its due date and the link', async () => {
    const receipts = await notifier.send(reminder());

    const messageId = notificationMessageId(
      `reminder:${ACTION_ID}:due-soon:2026-03-31:0`,
      'council.example',
    );
    expect(receipts).toEqual([{ channel: 'email', recipient: owner.email, messageId }]);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.mailFrom).toBe(FROM);
    expect(mail.rcptTo).toEqual([owner.email]);
    expect(mail.headers['to']).toBe(owner.email);
    expect(mail.headers['cc']).toBeUndefined();
    expect(mail.headers['message-id']).toBe(messageId);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    expect(mail.headers['subject']).toBe(
      "Reminder: ACT-QS7-003 'Refresh safeguarding audit' is due on 31 March 2026",
    );
    expect(mail.text).toContain('Dear Sam Manager,');
    expect(mail.text).toContain('ACT-QS7-003 Refresh safeguarding audit');
    expect(mail.text).toContain('QS7 Safeguarding');
    expect(mail.text).toContain('Tuesday 31 March 2026');
    expect(mail.text).toMatch(/Days overdue: +not overdue/);
    expect(mail.text).toContain(`${PUBLIC_URL}/actions/${ACTION_ID}`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/actions/${ACTION_ID}">`);
  });

  it('sends an escalation to the board, copying the owner, naming board, level and days overdue', async () => {
    const receipts = await notifier.send(escalation());

    const messageId = notificationMessageId(`escalation:${ACTION_ID}:2`, 'council.example');
    expect(receipts).toEqual([
      { channel: 'email', recipient: qapiBoard.email, messageId },
      { channel: 'email', recipient: owner.email, messageId },
    ]);
    const mail = smtp.messages[0]!;
    expect(mail.rcptTo).toEqual([qapiBoard.email, owner.email]);
    expect(mail.headers['to']).toBe(qapiBoard.email);
    expect(mail.headers['cc']).toBe(owner.email);
    expect(mail.headers['message-id']).toBe(messageId);
    expect(mail.headers['subject']).toBe(
      "Escalated to Quality Assurance, Performance & Information Board (level 2): ACT-QS7-003 'Refresh safeguarding audit', overdue by 30 days",
    );
    expect(mail.text).toContain('To the Quality Assurance, Performance & Information Board,');
    expect(mail.text).toContain('from level 1 because it is overdue by 30 days');
    expect(mail.text).toMatch(/Days overdue: +30 days/);
    expect(mail.text).toMatch(/Delivery status: +overdue/);
    expect(mail.text).toContain('Tuesday 31 March 2026');
    expect(mail.text).toContain(`${PUBLIC_URL}/actions/${ACTION_ID}`);
    expect(mail.html).toContain('Quality Assurance, Performance &amp; Information Board (level 2)');
  });

  it('sends an escalation to a board with no address to the owner alone', async () => {
    const receipts = await notifier.send(escalation({ board: { ...qapiBoard, email: null } }));
    expect(receipts.map((r) => r.recipient)).toEqual([owner.email]);
    expect(smtp.messages[0]!.rcptTo).toEqual([owner.email]);
  });

  it('sends the same Message-ID again for the same notification key', async () => {
    await notifier.send(reminder());
    await notifier.send(reminder());
    const [first, second] = smtp.messages;
    expect(first!.headers['message-id']).toBe(second!.headers['message-id']);
    await notifier.send(
      reminder({ notificationKey: `reminder:${ACTION_ID}:due-soon:2026-03-31:1` }),
    );
    expect(smtp.messages[2]!.headers['message-id']).not.toBe(first!.headers['message-id']);
  });

  it('a server answering 421 is a retryable failure, and the retry succeeds once it recovers', async () => {
    smtp.behave({ kind: 'busy' });
    const failure = await failureOf(notifier.send(reminder()));
    expect(failure).toMatchObject({ channel: 'email', recipient: owner.email, retryable: true });
    expect((failure.cause as { responseCode?: number }).responseCode).toBe(421);
    expect(smtp.messages).toHaveLength(0);

    smtp.behave({ kind: 'accept' });
    await expect(notifier.send(reminder())).resolves.toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it('a 550 recipient rejection is a permanent failure', async () => {
    smtp.behave({ kind: 'reject', addresses: [owner.email] });
    const failure = await failureOf(notifier.send(reminder()));
    expect(failure).toMatchObject({ channel: 'email', recipient: owner.email, retryable: false });
    expect(failure.message).toMatch(/permanent/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('a board address refused while the owner copy goes out: permanent, with what was delivered', async () => {
    smtp.behave({ kind: 'reject', addresses: [qapiBoard.email] });
    const failure = await failureOf(notifier.send(escalation()));
    expect(failure).toMatchObject({ recipient: qapiBoard.email, retryable: false });
    expect(failure.delivered.map((r) => r.recipient)).toEqual([owner.email]);
    expect(smtp.messages[0]!.rcptTo).toEqual([owner.email]);
  });
});

describe('email when the SMTP server is down', () => {
  it('a refused connection is retryable, and the retry succeeds once the server is back', async () => {
    // Take a free port, then close the server so nothing listens there.
    const probe = await startSmtpTestServer();
    const port = probe.port;
    await probe.close();
    const notifier = notifierFor(`smtp://127.0.0.1:${port}`);

    const started = Date.now();
    const failure = await failureOf(notifier.send(reminder()));
    expect(failure).toMatchObject({ channel: 'email', retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);

    const smtp = await startSmtpTestServer(port);
    try {
      await expect(notifier.send(reminder())).resolves.toEqual([
        expect.objectContaining({ channel: 'email', recipient: owner.email }),
      ]);
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await notifier.close();
      await smtp.close();
    }
  });
});

describe('email when the SMTP server accepts the connection but never greets', () => {
  it('gives up after the greeting timeout with a retryable failure', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const notifier = new Notifier([
      new SmtpEmailSender({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: FROM,
        greetingTimeoutMs: 300,
      }),
    ]);
    try {
      const started = Date.now();
      const failure = await failureOf(notifier.send(reminder()));
      expect(failure).toMatchObject({ channel: 'email', retryable: true });
      expect((failure.cause as { code?: string }).code).toBe('ETIMEDOUT');
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await notifier.close();
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
