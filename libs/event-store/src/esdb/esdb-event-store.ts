import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  type Position,
  type ReadPosition,
  START,
  type StreamingRead,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import { GENESIS_HASH } from '../event-hash';
import { ConcurrencyError } from '../event-store.errors';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  NO_STREAM_VERSION,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StoredEventBody,
  type StreamTail,
  type VerifyOptions,
  type VerifyReport,
} from '../event-store.port';
import {
  validateExpectedVersion,
  validateNewEvents,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateStreamName,
  validateStreamTails,
} from '../event-validation';
import { verifyEventLog } from '../verify-log';
import {
  appendResultOf,
  exactRevision,
  expectationMet,
  isStreamNotFound,
  isUserEvent,
  isWrongExpectedVersion,
  matchRetry,
  refuseStoreMetadata,
  retryWindowStart,
  revisionToVersion,
  targetFromConnectionString,
  toConcurrencyError,
  toEsdbEvents,
  toPosition,
  toReadPosition,
  toStoredEvent,
  toUnavailableError,
} from './esdb.mapping';

/** The part of the client the adapter uses: what a test double has to provide. */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export interface EsdbEventStoreOptions {
  /** Stamps `recordedAt`. */
  clock?: () => Date;
  /** gRPC deadline of every call, so that a server that does not answer gives an error in time. */
  deadlineMs?: number;
  /**
   * Stores every stream as `<prefix><stream>` and sees only those streams in $all: gives each
   * contract test an empty store on one shared server. Production leaves it empty (1:1 names).
   */
  streamPrefix?: string;
}

export interface EsdbConnectOptions extends EsdbEventStoreOptions {
  /** `esdb://[user:password@]host:port[?tls=false&...]`, as EVENTSTORE_URL holds it. */
  connectionString: string;
}

const DEFAULT_DEADLINE_MS = 10_000;
/** Appends retried after losing a race that only the adapter's own exact revision caused. */
const MAX_APPEND_ATTEMPTS = 5;
/** Events asked for per read of $all; system events and other prefixes are skipped client-side. */
const SCAN_PAGE = 500;
const PREFIX = /^([A-Za-z0-9][A-Za-z0-9_.:-]*)?$/;

/**
 * The EventStore port on EventStoreDB (@eventstore/db-client). Streams map 1:1 to ESDB streams,
 * a version is the stream revision, and the global position is the event's prepare position in
 * $all (docs/adr/0005-eventstoredb-positions.md). Our metadata, schemaVersion and hash ride in
 * the ESDB event's JSON metadata.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;
  private readonly clock: () => Date;
  private readonly deadline: number;
  private readonly prefix: string;

  constructor(
    private readonly client: EsdbClient,
    /** host:port of the server, without credentials: what errors name. */
    readonly target: string,
    options: EsdbEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.prefix = options.streamPrefix ?? '';
    if (!PREFIX.test(this.prefix)) {
      throw new Error(
        `streamPrefix "${this.prefix}" must be empty or a valid stream name start (never "$")`,
      );
    }
  }

  /** Creates the client; it dials lazily, so a server that is down shows at the first call (or ping). */
  static async connect(options: EsdbConnectOptions): Promise<EsdbEventStore> {
    const target = targetFromConnectionString(options.connectionString);
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(options.connectionString);
    } catch {
      // The client's parse error is not passed on: it quotes the whole string, password included.
      throw new Error(
        `the EventStoreDB connection string for ${target} is not valid: expected esdb://[user:password@]host:port[?key=value&...]`,
      );
    }
    return new EsdbEventStore(client, target, options);
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateStreamName(stream);
    const expected = validateExpectedVersion(options?.expectedVersion);
    const clean = validateNewEvents(events);
    refuseStoreMetadata(clean);
    return this.call(async () => {
      for (let attempt = 1; ; attempt++) {
        // The previous hash is the last event's, so 'any' and 'stream_exists' are appended at the
        // exact revision just read; losing that race means only "read again".
        const tailSize =
          typeof expected === 'number' || expected === 'no_stream' ? 1 : clean.length;
        const tail = await this.readTail(stream, tailSize);
        const last = tail[tail.length - 1];
        const actual = last?.version ?? NO_STREAM_VERSION;

        const retry = await this.findRetry(stream, expected, actual, tail, clean);
        if (retry instanceof Error) throw retry;
        if (retry) return retry;
        if (!expectationMet(expected, actual)) throw new ConcurrencyError(stream, expected, actual);

        let conflict: ConcurrencyError;
        try {
          const result = await this.client.appendToStream(
            this.esdbName(stream),
            toEsdbEvents(clean, last?.hash ?? GENESIS_HASH, this.clock().toISOString()),
            { expectedRevision: exactRevision(actual), deadline: this.deadline },
          );
          if (result.success) return await this.appendedResult(stream, actual + 1, clean.length);
          // A connection string with throwOnAppendFailure=false reports the conflict instead.
          conflict = new ConcurrencyError(
            stream,
            expected,
            revisionToVersion(result.nextExpectedRevision),
          );
        } catch (error) {
          if (!isWrongExpectedVersion(error)) throw error;
          conflict = toConcurrencyError(error, stream, expected);
        }
        // An exact expectation is re-checked against a fresh read on the next pass (which also
        // recognises a concurrent identical retry); only the last attempt gives up with the race.
        if (attempt >= MAX_APPEND_ATTEMPTS) throw conflict;
      }
    });
  }

  /** EventStoreDB reads a stream at a time: the tails are read 16 at once. */
  async readStreamTails(
    tails: readonly StreamTail[],
    until: Date | string,
  ): Promise<StoredEventBody[][]> {
    const checked = validateStreamTails(tails, until);
    const result = new Array<StoredEventBody[]>(checked.tails.length);
    let next = 0;
    const reader = async () => {
      for (let i = next++; i < checked.tails.length; i = next++) {
        const { stream, fromVersion } = checked.tails[i];
        const events = await this.readStream(stream, { fromVersion, until: checked.until });
        result[i] = events.map(
          ({ stream, version, position, type, schemaVersion, data, recordedAt }) => ({
            stream,
            version,
            position,
            type,
            schemaVersion,
            data,
            recordedAt,
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: 16 }, reader));
    return result;
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    validateStreamName(stream);
    const { fromVersion, toVersion, until } = validateReadStreamOptions(options);
    const untilMs = until === undefined ? undefined : Date.parse(until);
    return this.call(async () => {
      const events: StoredEvent[] = [];
      try {
        await scan(
          this.client.readStream(this.esdbName(stream), {
            fromRevision: BigInt(fromVersion),
            direction: FORWARDS,
            maxCount: toVersion === undefined ? undefined : toVersion - fromVersion + 1,
            resolveLinkTos: false,
            deadline: this.deadline,
          }),
          (resolved) => {
            const event = toStoredEvent(resolved, this.prefix);
            // recordedAt grows along a stream (one clock, appends in order): stop at the first later.
            if (untilMs !== undefined && Date.parse(event.recordedAt) > untilMs) return false;
            events.push(event);
            return true;
          },
        );
      } catch (error) {
        if (isStreamNotFound(error)) return [];
        throw error;
      }
      return events;
    });
  }

  async streamVersion(stream: string): Promise<number> {
    validateStreamName(stream);
    return this.call(async () => {
      const tail = await this.readTail(stream, 1);
      return tail[0]?.version ?? NO_STREAM_VERSION;
    });
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    const { after, limit } = validateReadAllOptions(options);
    return this.call(async () => {
      const events: StoredEvent[] = [];
      let from: ReadPosition = toReadPosition(after);
      let cursor = after;
      for (;;) {
        const maxCount = Math.max(limit - events.length + 1, SCAN_PAGE);
        let lastRaw: Position | undefined;
        const received = await scan(
          this.client.readAll({
            fromPosition: from,
            direction: FORWARDS,
            maxCount,
            resolveLinkTos: false,
            deadline: this.deadline,
          }),
          (resolved) => {
            const raw = resolved.event?.position;
            if (!raw) return true;
            lastRaw = raw;
            const position = toPosition(raw);
            // The read is inclusive of its start: the event at `cursor` comes back once.
            if (position === cursor) return true;
            if (position < cursor) {
              throw new Error(
                `EventStoreDB returned position ${position} after ${cursor}: $all is not in prepare-position order`,
              );
            }
            cursor = position;
            if (isUserEvent(resolved, this.prefix)) {
              events.push(toStoredEvent(resolved, this.prefix));
            }
            return events.length < limit;
          },
        );
        if (events.length >= limit || received < maxCount || !lastRaw) return events;
        from = lastRaw;
      }
    });
  }

  async headPosition(): Promise<number> {
    return this.call(async () => {
      let from: ReadPosition = END;
      for (;;) {
        let head: number | undefined;
        let lastRaw: Position | undefined;
        const received = await scan(
          this.client.readAll({
            fromPosition: from,
            direction: BACKWARDS,
            maxCount: SCAN_PAGE,
            resolveLinkTos: false,
            deadline: this.deadline,
          }),
          (resolved) => {
            lastRaw = resolved.event?.position ?? lastRaw;
            if (!isUserEvent(resolved, this.prefix)) return true;
            head = toPosition(resolved.event?.position);
            return false;
          },
        );
        if (head !== undefined) return head;
        // Reading backwards from an event's position excludes that event: no overlap.
        if (received < SCAN_PAGE || !lastRaw) return 0;
        from = lastRaw;
      }
    });
  }

  /**
   * A filtered catch-up subscription to $all from `after`: the first of our events past it wakes
   * the caller. The consumer keeps its own checkpoint and re-reads with readAll.
   */
  async waitForAppend(after: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    const afterPosition = BigInt(after);
    const subscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(after),
      resolveLinkTos: false,
      filter: this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents(),
    });
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        subscription.unsubscribe().catch(() => undefined);
        if (error === undefined) resolve();
        else reject(toUnavailableError(error, this.target) ?? error);
      };
      const onAbort = () => finish();
      const timer = setTimeout(() => finish(), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      subscription.on('data', (resolved) => {
        const position = resolved.event?.position;
        if (position && position.prepare > afterPosition && isUserEvent(resolved, this.prefix))
          finish();
      });
      subscription.on('error', (error) => finish(error));
      subscription.on('close', () => finish());
    });
  }

  verify(options?: VerifyOptions): Promise<VerifyReport> {
    return verifyEventLog(this, options);
  }

  async ping(): Promise<void> {
    await this.call(() =>
      scan(
        this.client.readAll({
          fromPosition: START,
          maxCount: 1,
          deadline: this.deadline,
        }),
        () => true,
      ),
    );
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private esdbName(stream: string): string {
    return this.prefix + stream;
  }

  /** The stream's last `count` events in version order; [] when it does not exist. */
  private async readTail(stream: string, count: number): Promise<StoredEvent[]> {
    const tail: StoredEvent[] = [];
    try {
      await scan(
        this.client.readStream(this.esdbName(stream), {
          fromRevision: END,
          direction: BACKWARDS,
          maxCount: count,
          resolveLinkTos: false,
          requiresLeader: true,
          deadline: this.deadline,
        }),
        (resolved) => {
          tail.unshift(toStoredEvent(resolved, this.prefix));
          return true;
        },
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return tail;
  }

  private async readRange(
    stream: string,
    fromVersion: number,
    count: number,
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    await scan(
      this.client.readStream(this.esdbName(stream), {
        fromRevision: BigInt(fromVersion),
        direction: FORWARDS,
        maxCount: count,
        resolveLinkTos: false,
        requiresLeader: true,
        deadline: this.deadline,
      }),
      (resolved) => {
        events.push(toStoredEvent(resolved, this.prefix));
        return true;
      },
    );
    return events;
  }

  /**
   * ESDB's own idempotence is best-effort, so a retry is recognised here: the events stored where
   * this append would have put them carry its ids.
   */
  private async findRetry(
    stream: string,
    expected: ExpectedVersion,
    actual: number,
    tail: readonly StoredEvent[],
    events: readonly NewEvent[],
  ) {
    const start = retryWindowStart(expected, actual, events.length);
    if (start === undefined) return undefined;
    const tailStart = actual - tail.length + 1;
    const stored =
      start >= tailStart
        ? tail.slice(start - tailStart, start - tailStart + events.length)
        : await this.readRange(stream, start, events.length);
    return matchRetry(stream, stored, events);
  }

  /** Positions of what was just appended, read back: ESDB reports one position per append. */
  private async appendedResult(
    stream: string,
    firstVersion: number,
    count: number,
  ): Promise<AppendResult> {
    const lastVersion = firstVersion + count - 1;
    const [first, last] = await Promise.all([
      this.readRange(stream, firstVersion, 1),
      count === 1 ? undefined : this.readRange(stream, lastVersion, 1),
    ]);
    const stored = [first[0], (last ?? first)[0]];
    if (stored.some((e) => e === undefined)) {
      throw new Error(
        `EventStoreDB acknowledged ${stream}@${firstVersion}..${lastVersion} but did not return it`,
      );
    }
    return appendResultOf(stream, stored);
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw toUnavailableError(error, this.target) ?? error;
    }
  }
}

/**
 * Feeds a streaming read to `visit` until it returns false (then cancels the call) or the read
 * ends; returns how many items arrived.
 */
async function scan<E>(read: StreamingRead<E>, visit: (item: E) => boolean): Promise<number> {
  let received = 0;
  let stopped = false;
  try {
    for await (const item of read) {
      received++;
      if (!visit(item)) {
        stopped = true;
        break;
      }
    }
  } catch (error) {
    stopped = true;
    throw error;
  } finally {
    if (stopped) await read.cancel().catch(() => undefined);
  }
  return received;
}
