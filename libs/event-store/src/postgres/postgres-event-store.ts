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
  type VerifyOptions,
  type VerifyReport,
} from '../event-store.port';
import {
  validateExpectedVersion,
  validateNewEvents,
  validateReadAllOptions,
  validateReadStreamOptions,
  validateStreamName,
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
  /** Connections in the pool (the LISTEN connection is extra); default 16. */
  poolSize?: number;
  /** Schema holding the store's tables; default `public`. */
  schema?: string;
  /** Longest wait for a connection; default 5000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for any one query's answer; default 30,000 ms. */
  queryTimeoutMs?: number;
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
}

type AppendRow = { next_version: number; first_position: number; last_position: number };

/** Columns of a stored event, in the order decodeRows reads them. */
const EVENT_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, hash';
/** How long verify waits for in-flight transactions before giving up. */
const VERIFY_GAP_WAIT_MS = 60_000;
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

  private constructor(
    private readonly pool: Pool,
    private readonly names: PostgresNames,
    private readonly listener: PostgresAppendListener,
    /** host:port/database: where we connect, without credentials. */
    readonly target: string,
    private readonly clock: () => Date,
    private readonly gapWaitMs: number,
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
    const pool = new Pool({ ...clientConfig, max: options.poolSize ?? 16 } satisfies PoolConfig);
    // An idle connection that dies (server restart) is dropped by the pool; the next call makes a
    // new one. Without a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
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
    let result: AppendResult;
    try {
      result = await this.withClient((client) => this.appendOn(client, request), request);
    } catch (error) {
      throw error instanceof DuplicateEventIdError && error.existingStream === undefined
        ? await this.locateDuplicate(error)
        : error;
    }
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
    return { stream: name, expected, events: JSON.stringify(payload) };
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
   * Why this is safe: es_append takes its transaction id before its first position, and
   * positions come from one sequence with CACHE 1, so they are handed out in time order. Say
   * snapshot S shows position q but not p < q. Whoever took p had its xid before p was taken,
   * so before q was taken, so before S; hence that xid is below xmax(S), and it is either in
   * xip(S) (still running at S) or finished before S, and finished-but-invisible means rolled
   * back. So: with xip(S) empty, every hole below the highest row of S is permanent. Otherwise
   * the rows before the first hole are safe to return; a hole at the very start makes us wait
   * until every xid of xip(S) has ended, after which the same argument makes every hole below
   * S's highest row permanent, and we read again with a fresh snapshot.
   *
   * The snapshot comes from the same statement as the rows: one statement sees one snapshot,
   * which spares the round trips of an explicit REPEATABLE READ transaction.
   */
  private async readAllPage(
    after: number,
    limit: number,
    maxWaitMs: number,
  ): Promise<StoredEvent[]> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const { rows } = await this.withClient((client) =>
        client.query<unknown[]>({
          name: `es_read_all:${this.names.schema}`,
          rowMode: 'array',
          text: `SELECT ${EVENT_COLUMNS}, (SELECT pg_current_snapshot()::text)
                   FROM ${this.names.events} WHERE position > $1 ORDER BY position LIMIT $2`,
          values: [after, limit],
        }),
      );
      if (rows.length === 0) return [];
      const highest = rows[rows.length - 1][0] as number;
      const inFlight = snapshotXip(rows[0][9] as string);
      if (inFlight.length === 0) this.settle(highest);
      let accepted = 0;
      let previous = after;
      for (const row of rows) {
        const position = row[0] as number;
        if (position !== previous + 1 && position - 1 > this.settledThrough) break;
        previous = position;
        accepted++;
      }
      if (accepted > 0) return decodeRows(rows, accepted);
      if (!(await this.waitForTransactions(inFlight, deadline))) return [];
      this.settle(highest);
    }
  }

  /**
   * Polls until every one of `xids` has ended for any snapshot taken from now on (true), or
   * until the deadline (false).
   */
  private async waitForTransactions(xids: readonly string[], deadline: number): Promise<boolean> {
    let delay = GAP_POLL_MIN_MS;
    for (;;) {
      const { rows } = await this.withClient((client) =>
        client.query<{ running: number }>({
          name: 'es_running_xids',
          // Finished as a snapshot sees it, not pg_xact_status: the commit log says "committed"
          // a moment before the transaction leaves the proc array, and a snapshot taken in
          // that moment would still count it as running and not see its rows.
          text: `SELECT count(*)::int AS running FROM unnest($1::xid8[]) AS x
                  WHERE NOT pg_visible_in_snapshot(x, pg_current_snapshot())`,
          values: [xids],
        }),
      );
      if (rows[0].running === 0) return true;
      if (Date.now() + delay > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(GAP_POLL_MAX_MS, delay * 2);
    }
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

/** The in-progress xids of a pg_snapshot's text form, `xmin:xmax:xip1,xip2,...`. */
export function snapshotXip(snapshot: string): string[] {
  const xip = snapshot.split(':')[2];
  return xip ? xip.split(',') : [];
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
