/**
 * A real SMTP server on loopback for the chasing fault tests and benchmarks: keeps, for each
 * message, its notification key (the X-Notification-Key header the engine sets), recipients,
 * Message-ID and the moment the server accepted it. It can refuse for a while: `busy` answers 421
 * to every connection, `down` stops listening (connection refused); `accept` takes mail again.
 */
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface AcceptedMail {
  readonly key: string;
  readonly messageId: string;
  readonly rcptTo: readonly string[];
  /** Date.now() when the server answered 250 to the message's data. */
  readonly acceptedAt: number;
}

/** `reject` answers 554 to every connection: a permanent refusal, never retried. */
export type SmtpMode = 'accept' | 'busy' | 'down' | 'reject';

function header(raw: string, name: string): string {
  const head = raw.slice(0, Math.max(0, raw.indexOf('\r\n\r\n'))).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

export async function startSmtpCapture(port = 0) {
  const mails: AcceptedMail[] = [];
  let mode: SmtpMode = 'accept';
  /** Connections answered 421. */
  let refused = 0;
  const listeners: ((mail: AcceptedMail) => void)[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onConnect(_session, callback) {
      if (mode === 'busy' || mode === 'reject') {
        refused++;
        const busy = mode === 'busy';
        const error = Object.assign(
          new Error(busy ? 'Service not available, try again later' : 'No service here'),
          { responseCode: busy ? 421 : 554 },
        );
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: AcceptedMail = {
          key: header(raw, 'x-notification-key'),
          messageId: header(raw, 'message-id'),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          acceptedAt: Date.now(),
        };
        mails.push(mail);
        callback();
        for (const l of listeners) l(mail);
      });
    },
  });
  // A client killed mid-session (the fault tests SIGKILL the worker) resets its socket, which
  // smtp-server reports as an 'error' event: unheard, it would crash the test process.
  server.on('error', () => undefined);
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  // The underlying net server is closed and listened again for `down`; its open sockets are left.
  const closeListener = () => new Promise<void>((resolve) => server.server.close(() => resolve()));
  const actualPort = await listen(port);
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    mails,
    get refused() {
      return refused;
    },
    get mode() {
      return mode;
    },
    onMail(listener: (mail: AcceptedMail) => void) {
      listeners.push(listener);
    },
    async set(next: SmtpMode): Promise<void> {
      if (next === mode) return;
      if (next === 'down') await closeListener();
      else if (mode === 'down') await listen(actualPort);
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (mode === 'down') resolve();
        else server.close(() => resolve());
      }),
  };
}
export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;
