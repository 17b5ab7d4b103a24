import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import {
  createNotifier,
  isNotificationDeliveryError,
  type NotificationDeliveryError,
  Notifier,
  WebhookSender,
} from '@asc/notifications';
import { ACTION_ID, escalation, owner, reminder } from './notification-fixtures';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP endpoint on an ephemeral port; `reply` decides each answer. */
async function startWebhookServer() {
  const received: Received[] = [];
  let reply: (res: ServerResponse) => void = (res) => res.writeHead(204).end();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/asc`,
    received,
    answer(next: (res: ServerResponse) => void) {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<NotificationDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (isNotificationDeliveryError(error)) return error;
    throw error;
  }
  throw new Error('expected a NotificationDeliveryError');
}

describe('webhook over real HTTP', () => {
  let hook: Awaited<ReturnType<typeof startWebhookServer>>;
  beforeEach(async () => {
    hook = await startWebhookServer();
  });
  afterEach(() => hook.close());

  it('POSTs the notification as JSON with its key as Idempotency-Key', async () => {
    const notifier = new Notifier([new WebhookSender({ url: `${hook.url}?token=s3cret` })]);
    const receipts = await notifier.send(escalation());

    // The query (often a secret) stays out of receipts, which end up in events and logs.
    expect(receipts).toEqual([{ channel: 'webhook', recipient: hook.url }]);
    expect(hook.received).toHaveLength(1);
    const request = hook.received[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/asc?token=s3cret');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(`escalation:${ACTION_ID}:2`);
    expect(JSON.parse(request.body)).toEqual({
      ...escalation(),
      subject:
        "Escalated to Quality Assurance, Performance & Information Board (level 2): ACT-QS7-003 'Refresh safeguarding audit', overdue by 30 days",
    });
  });

  it('a 500 answer is a retryable failure', async () => {
    hook.answer((res) => res.writeHead(500).end('boom'));
    const failure = await failureOf(
      new Notifier([new WebhookSender({ url: hook.url })]).send(reminder()),
    );
    expect(failure).toMatchObject({ channel: 'webhook', recipient: hook.url, retryable: true });
    expect(failure.message).toMatch(/HTTP 500/);
  });

  it('a 400 answer is a permanent failure', async () => {
    hook.answer((res) => res.writeHead(400).end());
    const failure = await failureOf(
      new Notifier([new WebhookSender({ url: hook.url })]).send(reminder()),
    );
    expect(failure).toMatchObject({ channel: 'webhook', retryable: false });
  });

  it('no answer before the timeout is a retryable failure', async () => {
    hook.answer(() => undefined); // never answers
    const started = Date.now();
    const failure = await failureOf(
      new Notifier([new WebhookSender({ url: hook.url, timeoutMs: 300 })]).send(reminder()),
    );
    expect(failure).toMatchObject({ channel: 'webhook', retryable: true });
    expect(failure.message).toMatch(/timeout/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('with the log and the webhook configured, both deliver; a webhook failure says what did go out', async () => {
    const logged: Record<string, unknown>[] = [];
    const notifier = createNotifier(
      { NOTIFY_WEBHOOK_URL: hook.url, publicUrl: 'http://localhost:3000' },
      { log: (entry) => logged.push(entry) },
    );
    expect(notifier.channels).toEqual(['log', 'webhook']);
    await expect(notifier.send(reminder())).resolves.toEqual([
      { channel: 'log', recipient: owner.email },
      { channel: 'webhook', recipient: hook.url },
    ]);
    expect(logged[0]).toMatchObject({
      to: [owner.email],
      subject: expect.stringMatching(/^Reminder: /),
    });

    hook.answer((res) => res.writeHead(503).end());
    const failure = await failureOf(notifier.send(reminder()));
    expect(failure).toMatchObject({ channel: 'webhook', retryable: true });
    expect(failure.delivered).toEqual([{ channel: 'log', recipient: owner.email }]);
  });
});
