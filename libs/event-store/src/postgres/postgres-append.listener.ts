import { Client, type ClientConfig, type Notification } from 'pg';

interface Waiter {
  after: number;
  wake(): void;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;
const NOTIFY_INTERVAL_MS = 10;

/**
 * One dedicated connection per store that LISTENs for appends made anywhere and NOTIFYs the
 * store's own. It connects on first use and again after any failure (with backoff while someone
 * waits); a waiter's own timeout always bounds its wait, so a lost connection costs latency,
 * never a hang.
 *
 * The NOTIFY is sent here, after the append has committed, not inside es_append: a NOTIFY in
 * the appending transaction takes a cluster-wide lock held through its commit, which would
 * serialise every writer's commit (and its WAL flush). Sends are coalesced: one at a time, at
 * most one per NOTIFY_INTERVAL_MS, carrying the highest position committed so far.
 */
export class PostgresAppendListener {
  private client?: Client;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private retryDelay = RETRY_MIN_MS;
  private closed = false;
  /** Highest position known committed; waits for anything below it return at once. */
  private highest = 0;
  private readonly waiters = new Set<Waiter>();
  private publishTarget = 0;
  private published = 0;
  private publishing?: Promise<void>;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly eventsTable: string,
  ) {}

  wait(after: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted || this.highest > after) return Promise.resolve();
    this.ensureConnected();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.waiters.delete(waiter);
        resolve();
      };
      const waiter: Waiter = { after, wake: finish };
      const timer = setTimeout(finish, Math.max(0, timeoutMs));
      signal?.addEventListener('abort', finish, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** An append of this process committed up to `position`: wake local waiters, tell the others. */
  publish(position: number): void {
    this.announce(position);
    if (position > this.publishTarget) this.publishTarget = position;
    this.publishing ??= this.flush().finally(() => {
      this.publishing = undefined;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const waiter of this.waiters) waiter.wake();
    await this.publishing;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private announce(position: number): void {
    if (!(position > this.highest)) return;
    this.highest = position;
    for (const waiter of this.waiters) {
      if (position > waiter.after) waiter.wake();
    }
  }

  private async flush(): Promise<void> {
    try {
      while (!this.closed && this.publishTarget > this.published) {
        this.ensureConnected();
        await this.connecting;
        const client = this.client;
        if (!client) return;
        const position = this.publishTarget;
        await client.query('SELECT pg_notify($1, $2)', [this.channel, String(position)]);
        this.published = position;
        // Each NOTIFY is a transaction with a WAL flush of its own: under a stream of appends,
        // send at most one per interval (the first after a quiet spell goes at once).
        await new Promise((resolve) => setTimeout(resolve, NOTIFY_INTERVAL_MS));
      }
    } catch {
      // Best effort: a waiter in another process falls back to its own timeout.
    }
  }

  private ensureConnected(): void {
    if (this.closed || this.client || this.connecting || this.retryTimer) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    // Registered before connecting, so that a failure at any point is handled, never thrown.
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (message: Notification) => {
      if (message.channel === this.channel) this.announce(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      // Anything committed before LISTEN took effect was not announced to us: look once.
      const head = await client.query<{ head: string }>(
        `SELECT coalesce(max(position), 0)::text AS head FROM ${this.eventsTable}`,
      );
      if (lost) return;
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryDelay = RETRY_MIN_MS;
      this.announce(Number(head.rows[0].head));
    } catch {
      onLost();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer || this.waiters.size === 0) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.waiters.size > 0) this.ensureConnected();
    }, delay);
    this.retryTimer.unref();
  }
}
