import { type EventStoreKind, type ExpectedVersion } from './event-store.port';

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The stream was not at the expected version; nothing was appended. */
export class ConcurrencyError extends EventStoreError {
  readonly code = 'CONCURRENCY';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    /** The stream's actual version (-1 when it does not exist). */
    readonly actual: number,
  ) {
    super(`Stream ${stream} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** A stream name, event or option that breaks a rule of the contract; nothing was written. */
export class InvalidEventError extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(
    /** Path of the offending value, e.g. `stream`, `events[2].type`, `events[0].data.note`. */
    readonly field: string,
    /** The rule it breaks, in words. */
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** An event id that is already stored somewhere other than where this append would put it. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly stream: string,
    readonly existingStream?: string,
    readonly existingVersion?: number,
  ) {
    super(
      existingStream === undefined
        ? `Event id ${eventId} is already stored elsewhere; it cannot be appended to ${stream}`
        : `Event id ${eventId} is already stored as ${existingStream}@${existingVersion}; it cannot be appended to ${stream}`,
    );
  }
}

/** The store could not be reached or refused us: which store, where, and why. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'UNAVAILABLE';
  constructor(
    readonly store: EventStoreKind,
    /** Where we tried: a host:port or a file path, never a password. */
    readonly target: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${store} event store at ${target} is unavailable: ${reason}`, options);
  }
}
