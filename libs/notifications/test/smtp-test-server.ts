import { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message as the server received it: envelope and raw DATA, with a minimal MIME reading. */
export interface CapturedMessage {
  readonly mailFrom: string;
  readonly rcptTo: string[];
  readonly raw: string;
  /** Header names lower-cased, folded lines joined. */
  readonly headers: Record<string, string>;
  /** The decoded text/plain and text/html parts. */
  readonly text: string;
  readonly html: string;
}

export type SmtpBehaviour =
  | { kind: 'accept' }
  /** 421 on connect: the server is busy or shutting down. */
  | { kind: 'busy' }
  /** 550 to RCPT TO for these addresses. */
  | { kind: 'reject'; addresses: string[] };

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtpTestServer(port = 0) {
  const messages: CapturedMessage[] = [];
  let behaviour: SmtpBehaviour = { kind: 'accept' };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its self-signed certificate would fail the client).
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (behaviour.kind === 'busy') {
        return callback(
          Object.assign(new Error('Service not available, try again later'), {
            responseCode: 421,
          }),
        );
      }
      return callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (
        behaviour.kind === 'reject' &&
        behaviour.addresses.includes(address.address.toLowerCase())
      ) {
        return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...readMime(raw),
        });
        callback();
      });
    },
  });
  // A client that drops its connection is reported as an 'error' event: unheard, it would crash
  // the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    behave(next: SmtpBehaviour) {
      behaviour = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function splitHead(raw: string): { head: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const headText = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at + 4);
  const head: Record<string, string> = {};
  for (const line of headText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) head[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { head, body };
}

function decode(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(soft[i] as string, 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Enough MIME for these tests: one level of multipart/alternative (or mixed). */
function readMime(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const { head, body } = splitHead(raw);
  const parts: { type: string; content: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(head['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHead(chunk.replace(/^\r\n/, ''));
      parts.push({
        type: (part.head['content-type'] ?? '').toLowerCase(),
        content: decode(part.body.replace(/\r\n$/, ''), part.head['content-transfer-encoding']),
      });
    }
  } else {
    parts.push({
      type: (head['content-type'] ?? 'text/plain').toLowerCase(),
      content: decode(body, head['content-transfer-encoding']),
    });
  }
  const find = (t: string) => parts.find((p) => p.type.startsWith(t))?.content ?? '';
  return {
    headers: head,
    text: find('text/plain').replace(/\r\n/g, '\n'),
    html: find('text/html').replace(/\r\n/g, '\n'),
  };
}
