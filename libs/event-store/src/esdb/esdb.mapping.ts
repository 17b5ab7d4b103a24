/**
 * Pure translations between the event store port and @eventstore/db-client: no I/O, so that every
 * rule of the EventStoreDB adapter can be unit-tested without a server.
 *
 * Positions: our `position` is the event's PREPARE position in the transaction log. Every write
 * through gRPC is an implicit transaction whose events each carry commit == prepare (explicit
 * transactions, the only records with commit > prepare, existed only in the legacy TCP API and are
 * never written by this engine), so prepare positions strictly increase along $all order. Reading
 * $all forwards from {commit: p, prepare: p} is inclusive: the event at p comes back and is dropped
 * by `position > after`, and no later event can be skipped. See docs/adr/0005.
 */
import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type EventData as EsdbEventData,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  jsonEvent,
} from '@eventstore/db-client';
import { eventHash } from '../event-hash';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  InvalidEventError,
} from '../event-store.errors';
import {
  type AppendResult,
  type EventData,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  NO_STREAM_VERSION,
  type StoredEvent,
} from '../event-store.port';

const DEFAULT_PORT = 2113;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Keys the adapter adds to an event's ESDB metadata beside `recordedAt`. */
export const STORE_METADATA_KEYS = ['schemaVersion', 'hash'] as const;

// ---------------------------------------------------------------------------------------------
// Expected versions

export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      // -1 is "the stream has no events", which in EventStoreDB is a stream that does not exist.
      return expected === NO_STREAM_VERSION ? NO_STREAM : BigInt(expected);
  }
}

export function fromExpectedRevision(revision: AppendExpectedRevision): ExpectedVersion {
  if (typeof revision === 'bigint') return revisionToVersion(revision);
  return revision;
}

/** The stream's version from the client's view of it: 'no_stream' (or a negative revision) is -1. */
export function revisionToVersion(revision: CurrentRevision | bigint): number {
  if (revision === NO_STREAM) return NO_STREAM_VERSION;
  if (typeof revision !== 'bigint')
    throw new Error(`unexpected stream revision ${String(revision)}`);
  if (revision < 0n) return NO_STREAM_VERSION;
  return toSafeNumber(revision, 'stream revision');
}

/** The exact revision the adapter appends at once it has read the stream's version. */
export function exactRevision(actual: number): AppendExpectedRevision {
  return actual === NO_STREAM_VERSION ? NO_STREAM : BigInt(actual);
}

export function expectationMet(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === NO_STREAM_VERSION;
    case 'stream_exists':
      return actual !== NO_STREAM_VERSION;
    default:
      return expected === actual;
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

interface ClientErrorShape {
  type?: unknown;
  code?: unknown;
  details?: unknown;
  message?: unknown;
  actualVersion?: unknown;
}

function shape(error: unknown): ClientErrorShape {
  return typeof error === 'object' && error !== null ? (error as ClientErrorShape) : {};
}

// Checked by the client's `type` tag rather than instanceof, so that errors from another copy of
// the client module (or raw gRPC errors the client did not convert) are still recognised.
export function isWrongExpectedVersion(error: unknown): boolean {
  return shape(error).type === 'wrong-expected-version';
}

export function isStreamNotFound(error: unknown): boolean {
  return shape(error).type === 'stream-not-found';
}

/** The client's WrongExpectedVersionError as our ConcurrencyError, with the caller's expectation. */
export function toConcurrencyError(
  error: unknown,
  stream: string,
  expected: ExpectedVersion,
): ConcurrencyError {
  const actual = shape(error).actualVersion;
  return new ConcurrencyError(
    stream,
    expected,
    typeof actual === 'bigint' || actual === NO_STREAM
      ? revisionToVersion(actual)
      : NO_STREAM_VERSION,
  );
}

const UNAVAILABLE_TYPES: Record<string, string> = {
  unavailable: 'server unreachable',
  'deadline-exceeded': 'no answer before the deadline',
  timeout: 'the server timed out',
  'not-leader': 'the node is not the leader',
  // The client already drops cancellations we asked for; what is left was cancelled by the
  // server or by a broken connection.
  cancelled: 'the call was cancelled by the server or the connection',
  'access-denied': 'access denied (check the credentials in the connection string)',
};

/** gRPC status codes of errors the client passes through unconverted (a failed append stream). */
const UNAVAILABLE_GRPC_CODES: Record<number, string> = {
  1: 'the call was cancelled by the server or the connection',
  4: 'no answer before the deadline',
  14: 'server unreachable',
};

const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** EventStoreUnavailableError when `error` means the server could not be reached, else undefined. */
export function toUnavailableError(
  error: unknown,
  target: string,
): EventStoreUnavailableError | undefined {
  if (error instanceof EventStoreUnavailableError) return error;
  const { type, code, details, message } = shape(error);
  const text = typeof message === 'string' && message.length > 0 ? message : undefined;
  const kind =
    (typeof type === 'string' ? UNAVAILABLE_TYPES[type] : undefined) ??
    (typeof code === 'number' && details !== 'Cancelled on client'
      ? UNAVAILABLE_GRPC_CODES[code]
      : undefined) ??
    (typeof code === 'string' && UNAVAILABLE_NODE_CODES.has(code) ? code : undefined) ??
    (text?.startsWith('Failed to discover') ? 'cluster discovery failed' : undefined);
  if (kind === undefined) return undefined;
  return new EventStoreUnavailableError('esdb', target, text ? `${kind}: ${text}` : kind, {
    cause: error,
  });
}

// ---------------------------------------------------------------------------------------------
// Connection strings

/**
 * The host:port list a connection string points at, without credentials: what errors may name.
 * Mirrors the client's parser (credentials are `user:password@` right after the scheme; the port
 * defaults to 2113) so that the target named is the one actually dialled.
 */
export function targetFromConnectionString(connectionString: string): string {
  const scheme = /^esdb(\+discover)?:\/\//.exec(connectionString.trim());
  if (!scheme) {
    throw new Error('an EventStoreDB connection string starts with esdb:// or esdb+discover://');
  }
  let rest = connectionString.trim().slice(scheme[0].length);
  const credentials = /^[^:]+:[^@]+@/.exec(rest);
  if (credentials) rest = rest.slice(credentials[0].length);
  const hosts = rest
    .split(/[?/]/, 1)[0]
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host.length > 0)
    .map((host) => (host.includes(':') ? host : `${host}:${DEFAULT_PORT}`));
  if (hosts.length === 0)
    throw new Error('an EventStoreDB connection string names at least one host');
  return hosts.join(',');
}

// ---------------------------------------------------------------------------------------------
// Positions

export function toSafeNumber(value: bigint, what: string): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) {
    throw new Error(
      `EventStoreDB ${what} ${value} is beyond Number.MAX_SAFE_INTEGER; this adapter cannot represent it`,
    );
  }
  return Number(value);
}

/** Our global position: the event's prepare position (see the note at the top of this file). */
export function toPosition(position: Position | undefined): number {
  if (!position) {
    throw new Error(
      'EventStoreDB returned an event without its log position (the server must be 22.6 or later)',
    );
  }
  return toSafeNumber(position.prepare, 'log position');
}

/** Where a forward read of $all starts for `readAll({ after })`: inclusive, so `after` comes back. */
export function toReadPosition(after: number): ReadPosition {
  if (after === 0) return START;
  const p = BigInt(after);
  return { commit: p, prepare: p };
}

// ---------------------------------------------------------------------------------------------
// Events

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/** A user event in this store's part of $all: not a system event, and under the stream prefix. */
export function isUserEvent(resolved: AnyResolvedEvent, streamPrefix = ''): boolean {
  const event = resolved.event;
  if (!event) return false;
  return (
    !event.type.startsWith('$') &&
    !event.streamId.startsWith('$') &&
    event.streamId.startsWith(streamPrefix)
  );
}

/** The caller may not set what the store stamps: it would be overwritten and break the hash. */
export function refuseStoreMetadata(events: readonly NewEvent[]): void {
  events.forEach((event, i) => {
    for (const key of STORE_METADATA_KEYS) {
      if (key in event.metadata) {
        throw new InvalidEventError(
          `events[${i}].metadata.${key}`,
          'is set by the store, not by the caller',
        );
      }
    }
  });
}

/**
 * The events as ESDB JSON events, each with its link of the stream's hash chain. ESDB metadata is
 * our metadata plus recordedAt, schemaVersion and hash.
 */
export function toEsdbEvents(
  events: readonly NewEvent[],
  previousHash: string,
  recordedAt: string,
): EsdbEventData[] {
  let previous = previousHash;
  return events.map((event) => {
    const metadata: EventMetadata = { ...event.metadata, recordedAt };
    const hash = eventHash(previous, { ...event, metadata });
    previous = hash;
    return jsonEvent({
      id: event.eventId,
      type: event.type,
      data: event.data,
      metadata: { ...metadata, schemaVersion: event.schemaVersion, hash },
    });
  });
}

/** An event read back from ESDB as a StoredEvent; `streamPrefix` is removed from its stream name. */
export function toStoredEvent(resolved: AnyResolvedEvent, streamPrefix = ''): StoredEvent {
  const event = resolved.event;
  if (!event) throw new Error('EventStoreDB returned a link without its event');
  const where = `${event.streamId}@${event.revision}`;
  const foreign = (what: string) =>
    new Error(`EventStoreDB event ${where} was not written by this adapter: ${what}`);
  if (!event.isJson || !isRecord(event.data)) throw foreign('its data is not a JSON object');
  if (!isRecord(event.metadata)) throw foreign('its metadata is not a JSON object');
  if (!event.streamId.startsWith(streamPrefix))
    throw foreign(`its stream is not under "${streamPrefix}"`);
  const { schemaVersion, hash, ...metadata } = event.metadata;
  if (typeof schemaVersion !== 'number') throw foreign('its metadata has no schemaVersion');
  if (typeof hash !== 'string') throw foreign('its metadata has no hash');
  if (typeof metadata.recordedAt !== 'string') throw foreign('its metadata has no recordedAt');
  return {
    stream: event.streamId.slice(streamPrefix.length),
    version: toSafeNumber(event.revision, 'stream revision'),
    position: toPosition(event.position),
    eventId: event.id,
    type: event.type,
    schemaVersion,
    data: event.data as EventData,
    metadata: metadata as EventMetadata,
    recordedAt: metadata.recordedAt,
    hash,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

// ---------------------------------------------------------------------------------------------
// Idempotent retries

/**
 * The first version at which a retry of this append would have stored its events, when the stream
 * is long enough to hold them there. An exact expectation names the place; for 'any' and
 * 'stream_exists' only the stream's tail can be checked cheaply.
 */
export function retryWindowStart(
  expected: ExpectedVersion,
  actual: number,
  count: number,
): number | undefined {
  const start =
    typeof expected === 'number' ? expected + 1 : expected === 'no_stream' ? 0 : actual - count + 1;
  return start >= 0 && start + count - 1 <= actual ? start : undefined;
}

/**
 * Compares the events stored where a retry would have put them with the append: all ids in
 * place is a retry (its original result); some of them is an id reused elsewhere.
 */
export function matchRetry(
  stream: string,
  stored: readonly StoredEvent[],
  events: readonly NewEvent[],
): AppendResult | DuplicateEventIdError | undefined {
  if (stored.length === events.length && stored.every((e, i) => e.eventId === events[i].eventId)) {
    return appendResultOf(stream, stored);
  }
  for (const event of events) {
    const existing = stored.find((e) => e.eventId === event.eventId);
    if (existing)
      return new DuplicateEventIdError(event.eventId, stream, existing.stream, existing.version);
  }
  return undefined;
}

/** The AppendResult of a stored run of events, first to last. */
export function appendResultOf(stream: string, stored: readonly StoredEvent[]): AppendResult {
  const first = stored[0];
  const last = stored[stored.length - 1];
  return {
    stream,
    nextExpectedVersion: last.version,
    firstPosition: first.position,
    lastPosition: last.position,
  };
}
