/**
 * The event store port: the contract of ../shared/design/event-store.md. Every adapter (SQLite,
 * PostgreSQL, EventStoreDB) implements it and passes the same contract suite.
 */

/** A number (the stream's current 0-based version), or one of the three modes. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** Version of a stream that has no events. */
export const NO_STREAM_VERSION = -1;

/** Who caused an event and in answer to what; the store adds `recordedAt`. */
export interface EventMetadataInput {
  /** Subject id of the person, or `system:<component>`. */
  actor: string;
  correlationId: string;
  causationId: string;
  commandId: string;
  /** Further JSON values (for example an idempotency key); never required by the store. */
  [extra: string]: unknown;
}

export interface EventMetadata extends EventMetadataInput {
  /** ISO 8601 UTC instant at which the store recorded the event. */
  recordedAt: string;
}

export type EventData = Record<string, unknown>;

export interface NewEvent<TData extends object = EventData> {
  /** A UUID; appending the same id again at the same place is a safe no-op. */
  eventId: string;
  /** An explicit past-tense name, never a constructor name: `ActionRaised`. */
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadataInput;
}

export interface StoredEvent<TData extends object = EventData> {
  stream: string;
  /** 0-based index of the event in its stream. */
  version: number;
  /** Global position: strictly increasing in the order readers see commits. */
  position: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
  recordedAt: string;
  /** sha256(previous hash in the stream + canonical JSON of type, data and metadata), hex. */
  hash: string;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  stream: string;
  /** The stream's version after the append: the version of its last event. */
  nextExpectedVersion: number;
  /** Global position of the first and the last appended event. */
  firstPosition: number;
  lastPosition: number;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive); default 0. */
  fromVersion?: number;
  /** Last version to return (inclusive). */
  toVersion?: number;
  /** Only events recorded at or before this instant: the stream as it stood then. */
  until?: Date | string;
}

/** An event as a fold reads it: what happened and when, without its metadata and hash. */
export interface StoredEventBody<TData extends object = EventData> {
  stream: string;
  version: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: TData;
  recordedAt: string;
}

/** Where a stream's tail starts, for readStreamTails. */
export interface StreamTail {
  stream: string;
  /** First version to return (inclusive). */
  fromVersion: number;
}

export interface ReadAllOptions {
  /** Return events whose position is greater than this; 0 (the default) reads from the start. */
  after?: number;
  /** Page size; default 1000, at most 10,000. */
  limit?: number;
}

export interface BrokenEvent {
  stream: string;
  version: number;
  position: number;
  eventId: string;
  /**
   * `hash-mismatch`: content or hash changed (or the previous event re-hashed); `version-gap`: an
   * event before it is missing; `recorded-at-mismatch`: the stored time differs from the hashed one.
   */
  reason: 'hash-mismatch' | 'version-gap' | 'recorded-at-mismatch';
  expectedHash?: string;
  storedHash?: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  firstBroken?: BrokenEvent;
}

export interface VerifyOptions {
  /** Called after each page with the number of events checked so far. */
  onProgress?: (checked: number, head: number) => void;
}

export type EventStoreKind = 'sqlite' | 'postgres' | 'esdb';

export interface EventStore {
  readonly kind: EventStoreKind;

  /** All of `events` or none; ConcurrencyError when the expectation is not met. */
  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** The stream's events in version order; an empty array for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /**
   * Many streams' events from a version each, recorded at or before `until`, in the order of
   * `tails` (a stream that does not exist gives an empty list): how an as-of replay reads the
   * tails of thousands of actions past their snapshots without a call, and a round trip, each.
   */
  readStreamTails(tails: readonly StreamTail[], until: Date | string): Promise<StoredEventBody[][]>;

  /** The stream's current version, or -1 when it has no events. */
  streamVersion(stream: string): Promise<number>;

  /** One page of the global log in position order. Never returns an event after one it skipped. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  /** Position of the last committed event (0 when the log is empty). */
  headPosition(): Promise<number>;

  /**
   * Resolves when an event after `after` may have been committed, or after `timeoutMs`,
   * or when `signal` aborts: how a caught-up subscriber sleeps without busy polling.
   */
  waitForAppend(after: number, timeoutMs: number, signal?: AbortSignal): Promise<void>;

  /** Recomputes every hash chain; names the first event whose stored content no longer matches. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;

  /** Throws EventStoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
