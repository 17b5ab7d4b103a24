import { Client, Pool, TypeOverrides, type ClientBase, type PoolClient, type PoolConfig } from 'pg';
import { canonicalEventJson } from '../event-hash';
import { DuplicateEventIdError, EventStoreUnavailableError } from '../event-store.errors';
import {
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventMetadata,
  type EventStore,
  type NewEvent,
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
import { PostgresAppendListener } from './postgres-append.listener';
import { isConnectionError, toEventStoreError, type AppendErrorContext } from './postgres.errors';
import { postgresNames, runPostgresMigrations, type PostgresNames } from './postgres.migrations';

export interface PostgresEventStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Source of `recordedAt`; the system clock by default. */
  clock?: () => Date;
  /** Connections in the pool (the LISTEN connection is extra); default 10. */
  poolSize?: number;
  /** Schema holding the store's tables; default `public`. */
  schema?: string;
  /** Longest wait for a connection; default 5000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for any one query's answer; default 30,000 ms. */
  queryTimeoutMs?: number;
  /**
   * Appends in flight at once before further ones queue and go together, several to a round
   * trip and a commit (one event each, at an expected number); default 2.
   */
  appendConcurrency?: number;
  /**
   * Longest time readAll waits at the head of its page for transactions that may still fill a
   * hole in the positions; it then returns what it has (possibly nothing) and the caller comes
   * back. Default 1000 ms.
   */
  gapWaitMs?: number;
}

/** An append request that has passed validation and carries its hashing input. */
export interface PreparedAppend extends AppendErrorContext {
  /** The JSON array handed to es_append. */
  events: string;
  /** Its entry for es_append_batch, when it is one event at an expected number. */
  batchItem?: string;
}

interface QueuedAppend {
  request: PreparedAppend;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendRow = { next_version: number; first_position: number; last_position: number };

/** Columns of a stored event, in the order decodeRows reads them. */
/** Tails asked for in one query by readStreamTails. */
const TAILS_PER_QUERY = 2000;
const EVENT_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, hash';
/** How long verify waits for in-flight transactions before giving up. */
const VERIFY_GAP_WAIT_MS = 60_000;
/** Most appends sent in one es_append_batch call. */
const MAX_BATCH = 64;
const GAP_POLL_MIN_MS = 2;
const GAP_POLL_MAX_MS = 50;

/**
 * The event store on PostgreSQL. Appends are one round trip to the es_append function (see
 * postgres.migrations.ts); readAll never skips an event, however transactions interleave.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  /**
   * Every position at or below this is settled: its event is committed or will never exist.
   * Only ever rises; lets readAll step over old holes without waiting again.
   */
  private settledThrough = 0;
  private closed = false;
  private readonly appendQueue: QueuedAppend[] = [];
  private appendsRunning = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly names: PostgresNames,
    private readonly listener: PostgresAppendListener,
    /** host:port/database: where we connect, without credentials. */
    readonly target: string,
    private readonly clock: () => Date,
    private readonly gapWaitMs: number,
    private readonly appendConcurrency: number,
  ) {}

  /** Connects, brings the schema up to date and returns the store. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const names = postgresNames(options.schema);
    const target = describeTarget(options.connectionString);
    const types = new TypeOverrides();
    // Positions stay far below 2^53; numbers are what the port promises.
    types.setTypeParser(20, Number);
    const clientConfig = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // The server gives up first and rolls the statement back; the client's own timeout is
      // the backstop for a connection that has silently died.
      statement_timeout: options.queryTimeoutMs ?? 30_000,
      query_timeout: (options.queryTimeoutMs ?? 30_000) + 2000,
      keepAlive: true,
      types,
      application_name: 'asc-event-store',
    };
    const pool = new Pool({ ...clientConfig, max: options.poolSize ?? 10 } satisfies PoolConfig);
    // A connection that dies (server restart) must not crash the process: idle ones are dropped by
    // the pool; one checked out between queries fails its next query, which maps to Unavailable.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const listener = new PostgresAppendListener(
      { ...clientConfig, application_name: 'asc-event-store-listener' },
      names.channel,
      names.events,
    );
    const store = new PostgresEventStore(
      pool,
      names,
      listener,
      target,
      options.clock ?? (() => new Date()),
      options.gapWaitMs ?? 1000,
      Math.max(1, options.appendConcurrency ?? 2),
    );
    try {
      await store.withClient((client) => runPostgresMigrations(client, names));
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const request = this.prepareAppend(stream, events, options);
    const result = request.batchItem
      ? await new Promise<AppendResult>((resolve, reject) => {
          this.appendQueue.push({ request, resolve, reject });
          this.startQueuedAppends();
        })
      : await this.appendAlone(request);
    this.notifyAppended(result.lastPosition);
    return result;
  }

  /**
   * Wakes waitForAppend here and, through NOTIFY, in other processes. appendToStream calls it
   * after every commit; anything that commits an append another way (the test hook) should too.
   */
  notifyAppended(position: number): void {
    if (!this.closed) this.listener.publish(position);
  }

  /**
   * Validates an append and stamps it: the store's clock sets `recordedAt`, and each event
   * carries its canonical JSON so that es_append can chain the hashes exactly as JS would.
   */
  prepareAppend(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): PreparedAppend {
    const name = validateStreamName(stream);
    const expected = validateExpectedVersion(
      (options as AppendOptions | undefined)?.expectedVersion,
    );
    const clean = validateNewEvents(events);
    const recordedAt = this.clock().toISOString();
    const payload = clean.map((event) => {
      const metadata: EventMetadata = { ...event.metadata, recordedAt };
      return {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata,
        canon: canonicalEventJson({ ...event, metadata }),
      };
    });
    const json = JSON.stringify(payload);
    const number = expected === 'no_stream' ? -1 : expected;
    const batchItem =
      payload.length === 1 && typeof number === 'number'
        ? `{"s":${JSON.stringify(name)},"x":${number},"e":${json}}`
        : undefined;
    return { stream: name, expected, events: json, batchItem };
  }

  /**
   * Runs a prepared append on a client the caller holds: autocommit for appendToStream, inside
   * an open transaction for the test hook that holds a commit back. Errors are pg's own.
   */
  async appendOn(client: ClientBase, request: PreparedAppend): Promise<AppendResult> {
    const { rows } = await client.query<AppendRow>({
      name: `es_append:${this.names.schema}`,
      text: `SELECT next_version, first_position, last_position FROM ${this.names.append}($1, $2, $3)`,
      values: [request.stream, String(request.expected), request.events],
    });
    const row = rows[0];
    return {
      stream: request.stream,
      nextExpectedVersion: row.next_version,
      firstPosition: row.first_position,
      lastPosition: row.last_position,
    };
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    const name = validateStreamName(stream);
    const { fromVersion, toVersion, until } = validateReadStreamOptions(options);
    const { rows } = await this.withClient((client) =>
      client.query<unknown[]>({
        name: `es_read_stream:${this.names.schema}`,
        rowMode: 'array',
        text: `SELECT ${EVENT_COLUMNS} FROM ${this.names.events}
                WHERE stream_id = $1 AND version >= $2::bigint
                  AND ($3::bigint IS NULL OR version <= $3::bigint)
                  AND ($4::timestamptz IS NULL OR recorded_at <= $4::timestamptz)
                ORDER BY version`,
        values: [name, fromVersion, toVersion ?? null, until ?? null],
      }),
    );
    return decodeRows(rows, rows.length);
  }

  async readStreamTails(
    tails: readonly StreamTail[],
    until: Date | string,
  ): Promise<StoredEventBody[][]> {
    const checked = validateStreamTails(tails, until);
    const result = checked.tails.map(() => [] as StoredEventBody[]);
    // One round trip for many tails: the streams and versions go as two arrays.
    for (let start = 0; start < checked.tails.length; start += TAILS_PER_QUERY) {
      const chunk = checked.tails.slice(start, start + TAILS_PER_QUERY);
      const { rows } = await this.withClient((client) =>
        client.query<unknown[]>({
          name: `es_read_tails:${this.names.schema}`,
          rowMode: 'array',
          text: `SELECT t.ord, e.stream_id, e.version, e.position, e.type, e.schema_version, e.data,
                        e.metadata->>'recordedAt'
                   FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS t(stream_id, from_version, ord)
                   JOIN ${this.names.events} e
                     ON e.stream_id = t.stream_id AND e.version >= t.from_version
                    AND e.recorded_at <= $3::timestamptz
                  ORDER BY t.ord, e.version`,
          values: [chunk.map((t) => t.stream), chunk.map((t) => t.fromVersion), checked.until],
        }),
      );
      for (const row of rows) {
        result[start + Number(row[0]) - 1].push({
          stream: row[1] as string,
          version: row[2] as number,
          position: row[3] as number,
          type: row[4] as string,
          schemaVersion: row[5] as number,
          data: row[6] as EventData,
          recordedAt: row[7] as string,
        });
      }
    }
    return result;
  }

  async streamVersion(stream: string): Promise<number> {
    const name = validateStreamName(stream);
    const { rows } = await this.withClient((client) =>
      client.query<{ version: number }>({
        name: `es_stream_version:${this.names.schema}`,
        text: `SELECT version FROM ${this.names.streams} WHERE stream_id = $1`,
        values: [name],
      }),
    );
    return rows[0]?.version ?? -1;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    const { after, limit } = validateReadAllOptions(options);
    return this.readAllPage(after, limit, this.gapWaitMs);
  }

  /**
   * The highest committed position, max(position). An event below it may still be in flight
   * (positions are taken before commit), so readAll can lag behind this for a moment.
   */
  async headPosition(): Promise<number> {
    const { rows } = await this.withClient((client) =>
      client.query<{ head: number }>({
        name: `es_head:${this.names.schema}`,
        text: `SELECT coalesce(max(position), 0) AS head FROM ${this.names.events}`,
      }),
    );
    return rows[0].head;
  }

  waitForAppend(after: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.listener.wait(after, timeoutMs, signal);
  }

  async verify(options?: VerifyOptions): Promise<VerifyReport> {
    const head = await this.headPosition();
    return verifyEventLog(
      {
        headPosition: async () => head,
        readAll: async (page) => {
          const { after, limit } = validateReadAllOptions(page);
          const events = await this.readAllPage(after, limit, VERIFY_GAP_WAIT_MS);
          if (events.length === 0 && after < head) {
            throw new EventStoreUnavailableError(
              'postgres',
              this.target,
              `a transaction has kept position ${after + 1} unsettled for over ${VERIFY_GAP_WAIT_MS} ms; verify cannot read past it`,
            );
          }
          return events;
        },
      },
      options,
    );
  }

  async ping(): Promise<void> {
    await this.withClient((client) => client.query('SELECT 1'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener.close();
    await this.pool.end();
  }

  /**
   * A connection of the store's own pool for the caller to hold (the test hook that holds an
   * append uncommitted). Release it with `client.release()`.
   */
  async dedicatedClient(): Promise<PoolClient> {
    this.assertOpen();
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.mapError(error);
    }
  }

  /** Maps any failure to the store's errors; a broken connection is dropped, never reused. */
  mapError(error: unknown, append?: AppendErrorContext): Error {
    return toEventStoreError(error, this.target, append);
  }

  /**
   * Natural batching, as in a database's group commit: while fewer than appendConcurrency
   * appends are in flight, each goes at once on its own; when all slots are busy, the appends
   * that arrive meanwhile wait and then go together. A lone writer never waits for anyone.
   */
  private startQueuedAppends(): void {
    while (this.appendsRunning < this.appendConcurrency && this.appendQueue.length > 0) {
      const batch = this.appendQueue.splice(0, MAX_BATCH);
      this.appendsRunning++;
      void this.runQueuedAppends(batch).finally(() => {
        this.appendsRunning--;
        this.startQueuedAppends();
      });
    }
  }

  private async runQueuedAppends(batch: QueuedAppend[]): Promise<void> {
    const alone = (queued: QueuedAppend) =>
      this.appendAlone(queued.request).then(queued.resolve, queued.reject);
    try {
      if (batch.length === 1) return await alone(batch[0]);
      let results: (AppendResult | undefined)[] = [];
      try {
        results = await this.withClient((client) =>
          this.appendBatchOn(
            client,
            batch.map((queued) => queued.request),
          ),
        );
      } catch (error) {
        if (error instanceof EventStoreUnavailableError) throw error;
        // Something in the batch was refused (an event id stored elsewhere) and rolled the
        // whole batch back: each append then runs on its own and meets its own fate.
      }
      await Promise.all(
        batch.map((queued, i) => {
          const result = results[i];
          return result ? queued.resolve(result) : alone(queued);
        }),
      );
    } catch (error) {
      for (const queued of batch) queued.reject(error);
    }
  }

  /**
   * Runs one-event appends (each with a batchItem) through es_append_batch in one transaction.
   * The appends go in order of stream, so that two batches lock their streams' rows in the same
   * order and cannot deadlock; the order of appends to one stream is kept. An append the fast
   * path could not take comes back undefined.
   */
  async appendBatchOn(
    client: ClientBase,
    requests: readonly PreparedAppend[],
  ): Promise<(AppendResult | undefined)[]> {
    const order = requests
      .map((request, i) => ({ request, i }))
      .sort((a, b) =>
        a.request.stream < b.request.stream
          ? -1
          : a.request.stream > b.request.stream
            ? 1
            : a.i - b.i,
      );
    const { rows } = await client.query<{
      versions: (number | null)[];
      positions: (string | null)[];
    }>({
      name: `es_append_batch:${this.names.schema}`,
      text: `SELECT versions, positions FROM ${this.names.appendBatch}($1)`,
      values: [`[${order.map(({ request }) => request.batchItem).join(',')}]`],
    });
    const { versions, positions } = rows[0];
    const results = new Array<AppendResult | undefined>(requests.length);
    order.forEach(({ request, i }, k) => {
      const version = versions[k];
      const position = positions[k];
      results[i] =
        version === null || position === null
          ? undefined
          : {
              stream: request.stream,
              nextExpectedVersion: version,
              firstPosition: Number(position),
              lastPosition: Number(position),
            };
    });
    return results;
  }

  private async appendAlone(request: PreparedAppend): Promise<AppendResult> {
    try {
      return await this.withClient((client) => this.appendOn(client, request), request);
    } catch (error) {
      throw error instanceof DuplicateEventIdError && error.existingStream === undefined
        ? await this.locateDuplicate(error)
        : error;
    }
  }

  /** The unique index caught the duplicate (es_append's fast paths): find where the id is stored. */
  private async locateDuplicate(error: DuplicateEventIdError): Promise<DuplicateEventIdError> {
    try {
      const { rows } = await this.withClient((client) =>
        client.query<{ stream_id: string; version: number }>(
          `SELECT stream_id, version FROM ${this.names.events} WHERE event_id = $1`,
          [error.eventId],
        ),
      );
      if (rows.length === 0) return error;
      return new DuplicateEventIdError(
        error.eventId,
        error.stream,
        rows[0].stream_id,
        rows[0].version,
      );
    } catch {
      return error;
    }
  }

  private assertOpen(): void {
    if (this.closed)
      throw new EventStoreUnavailableError('postgres', this.target, 'the store has been closed');
  }

  private async withClient<R>(
    work: (client: PoolClient) => Promise<R>,
    append?: AppendErrorContext,
  ): Promise<R> {
    this.assertOpen();
    let client: PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      client?.release(isConnectionError(error));
      throw toEventStoreError(error, this.target, append);
    }
  }

  /**
   * One page of the log after `after`, never skipping an event.
   *
   * Why this is safe. es_append takes its transaction id before its first position, and
   * positions come from one sequence with CACHE 1, so they are handed out in time order. Say a
   * read shows position q but not p < q. Whoever took p took it before q was taken, so before
   * q's writer committed, so before the read's snapshot, and had its xid before that. So every
   * transaction that may still fill a hole below q had an xid before the read. If one is still
   * running, it is listed in pg_stat_activity (or pg_prepared_xacts) from then until it leaves
   * the proc array, which is exactly when later snapshots start to count it as finished.
   *
   * Hence: rows before the first hole are safe to return. At a hole at the very start, list the
   * transactions running in this database now, wait until all have ended, and from then on any
   * hole below the read's highest position is permanent (its transaction rolled back, or the
   * sequence skipped) for every snapshot taken afterwards: read again and step over it.
   *
   * (The snapshot's own xip list is not enough: its xmax is the latest completed xid + 1, so a
   * running transaction with a higher xid than every completed one is left out of it.)
   */
  private async readAllPage(
    after: number,
    limit: number,
    maxWaitMs: number,
  ): Promise<StoredEvent[]> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      // Taken before the query: the watermark holds for snapshots taken after it was raised.
      const settled = this.settledThrough;
      const { rows } = await this.withClient((client) =>
        client.query<unknown[]>({
          name: `es_read_all:${this.names.schema}`,
          rowMode: 'array',
          text: `SELECT ${EVENT_COLUMNS} FROM ${this.names.events}
                  WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after, limit],
        }),
      );
      if (rows.length === 0) return [];
      let accepted = 0;
      let previous = after;
      for (const row of rows) {
        const position = row[0] as number;
        if (position !== previous + 1 && position - 1 > settled) break;
        previous = position;
        accepted++;
      }
      if (accepted > 0) return decodeRows(rows, accepted);
      if (!(await this.waitForRunningTransactions(deadline))) return [];
      this.settle(rows[rows.length - 1][0] as number);
    }
  }

  /**
   * Waits until every transaction that holds an xid in this database now has ended (true), or
   * until the deadline (false). Polls with a short, growing pause.
   */
  private async waitForRunningTransactions(deadline: number): Promise<boolean> {
    const running = (client: ClientBase, among?: string[]) =>
      client.query<{ xids: string[] }>({
        name: among ? 'es_still_running' : 'es_running',
        text: `SELECT coalesce(array_agg(x::text), '{}') AS xids FROM (
                 SELECT backend_xid AS x FROM pg_stat_activity
                  WHERE datname = current_database() AND backend_xid IS NOT NULL
                 UNION ALL
                 SELECT transaction FROM pg_prepared_xacts WHERE database = current_database()
               ) r ${among ? 'WHERE x = ANY ($1::xid[])' : ''}`,
        values: among ? [among] : [],
      });
    let xids = (await this.withClient((client) => running(client))).rows[0].xids;
    let delay = GAP_POLL_MIN_MS;
    while (xids.length > 0) {
      if (Date.now() + delay > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(GAP_POLL_MAX_MS, delay * 2);
      xids = (await this.withClient((client) => running(client, xids))).rows[0].xids;
    }
    return true;
  }

  private settle(position: number): void {
    if (position > this.settledThrough) this.settledThrough = position;
  }
}

/** host:port/database of a connection string, without user or password. */
export function describeTarget(connectionString: string): string {
  try {
    const client = new Client({ connectionString });
    return `${client.host}:${client.port}/${client.database ?? ''}`;
  } catch {
    return 'an unparseable connection string';
  }
}

function decodeRows(rows: unknown[][], count: number): StoredEvent[] {
  const events = new Array<StoredEvent>(count);
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    const metadata = row[7] as EventMetadata;
    events[i] = {
      stream: row[1] as string,
      version: row[2] as number,
      position: row[0] as number,
      eventId: row[3] as string,
      type: row[4] as string,
      schemaVersion: row[5] as number,
      data: row[6] as EventData,
      metadata,
      recordedAt: metadata.recordedAt,
      hash: row[8] as string,
    };
  }
  return events;
}
