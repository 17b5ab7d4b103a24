import { DatabaseError } from 'pg';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreError,
  EventStoreUnavailableError,
} from '../event-store.errors';
import { type ExpectedVersion } from '../event-store.port';
import { SQLSTATE } from './postgres.migrations';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ECONNABORTED',
]);

/**
 * SQLSTATEs (or classes) that mean "the database is not there for us", not "your request is
 * wrong". 57014 is our own statement_timeout firing: the database did not answer in time.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|28...|3D000|53300|57014|57P0[1-5]|25P03)$/;

const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Client was closed|Connection closed|after calling end on the pool|the database system is (starting up|shutting down|in recovery)|terminating connection/i;

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  name?: unknown;
  errors?: unknown;
}

// Duck-typed, not instanceof: errors raised by Node's net module come from another realm under
// test runners that sandbox globals (jest), where `instanceof Error` is false.
function errorLike(error: unknown): ErrorLike | undefined {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : undefined;
}

function nested(error: ErrorLike): unknown[] {
  return Array.isArray(error.errors) ? error.errors : [];
}

/** True for failures of the connection itself, after which the client must not be reused. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const e = errorLike(error);
  if (!e) return false;
  if (typeof e.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return true;
    if (error instanceof DatabaseError && UNAVAILABLE_SQLSTATE.test(e.code)) return true;
  }
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
  return nested(e).some(isConnectionError);
}

export function describeError(error: unknown): string {
  const e = errorLike(error);
  if (!e) return String(error);
  let message = typeof e.message === 'string' ? e.message : '';
  if (!message) message = nested(e).map(describeError).join('; ');
  if (!message) message = typeof e.name === 'string' ? e.name : 'unknown error';
  return typeof e.code === 'string' && !message.includes(e.code)
    ? `${e.code}: ${message}`
    : message;
}

export interface AppendErrorContext {
  stream: string;
  expected: ExpectedVersion;
}

/**
 * Turns whatever pg threw into the store's typed errors. `target` is host:port/database, never
 * the connection string (which may hold a password).
 */
export function toEventStoreError(
  error: unknown,
  target: string,
  append?: AppendErrorContext,
): Error {
  if (error instanceof EventStoreError) return error;
  if (isConnectionError(error)) {
    return new EventStoreUnavailableError('postgres', target, describeError(error), {
      cause: error,
    });
  }
  if (error instanceof DatabaseError && append) {
    if (error.code === SQLSTATE.concurrency) {
      return new ConcurrencyError(append.stream, append.expected, Number(error.detail));
    }
    if (error.code === SQLSTATE.duplicateEventId) {
      const clash = parseClash(error.detail);
      if (clash)
        return new DuplicateEventIdError(clash.eventId, append.stream, clash.stream, clash.version);
    }
    if (error.code === '23505' && error.constraint === 'es_events_event_id_key') {
      // Another transaction stored the same id between our check and our insert.
      const id = /\(event_id\)=\(([0-9a-f-]+)\)/i.exec(error.detail ?? '')?.[1] ?? 'unknown';
      return new DuplicateEventIdError(id, append.stream);
    }
  }
  return errorLike(error) ? (error as Error) : new Error(String(error));
}

function parseClash(
  detail: string | undefined,
): { eventId: string; stream: string; version: number } | undefined {
  try {
    const parsed = JSON.parse(detail ?? '') as {
      eventId?: unknown;
      stream?: unknown;
      version?: unknown;
    };
    if (
      typeof parsed.eventId === 'string' &&
      typeof parsed.stream === 'string' &&
      typeof parsed.version === 'number'
    ) {
      return { eventId: parsed.eventId, stream: parsed.stream, version: parsed.version };
    }
  } catch {
    // fall through: the caller reports the raw database error
  }
  return undefined;
}
