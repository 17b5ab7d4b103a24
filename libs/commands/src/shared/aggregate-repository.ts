import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { currentSchemaVersion, type Decider, replay, upcastEvent } from '@asc/domain';
import {
  ConcurrencyError,
  EVENT_STORE,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '@asc/event-store';
import { type CommandMetadata, type CommandResult } from './command-metadata';
import { IdempotencyKeyReusedError, NotFoundError } from './command.errors';

export interface DomainEvent {
  type: string;
  data: object;
}

export interface AggregateKind<C, E extends DomainEvent, S> {
  resource: 'action' | 'plan';
  decider: Decider<C, E, S>;
  streamOf(id: string): string;
  schemaVersions: Readonly<Record<string, number>>;
}

export interface ExecuteOptions<S> {
  /** The command may start the stream (raise, create); otherwise an empty stream is a 404. */
  creates?: boolean;
  /** Checked against the current state before deciding (e.g. an owner acting on their own action). */
  authorize?(state: S): void;
}

/** Without If-Match a lost race is decided again on the new state, a few times. */
const RETRIES_WITHOUT_IF_MATCH = 10;

/** Streams whose folded state is kept in memory. */
const CACHED_STREAMS = 10_000;

/** A stream folded up to `version`, with the Idempotency-Keys it has answered. */
export interface FoldedStream<S> {
  state: S;
  /** -1 for a stream with no events. */
  version: number;
  /** Global position of the stream's last event (0 when none). */
  position: number;
  /** `actor␟key` → the answer recorded for it. */
  answered: ReadonlyMap<string, Answer>;
}

interface Answer {
  version: number;
  position: number;
  fingerprint?: string;
}

function answerKey(actor: string, idempotencyKey: string): string {
  return `${actor}\u001f${idempotencyKey}`;
}

/**
 * Read the stream, fold it, decide, append with the version read: the whole write path of every
 * command. An Idempotency-Key is stored in the events' metadata, so the log itself remembers it
 * across restarts and no second table can disagree with it.
 */
@Injectable()
export class AggregateRepository {
  // States are immutable (evolve returns new objects), so a cached fold can be shared.
  private readonly folds = new LRUCache<string, FoldedStream<unknown>>({ max: CACHED_STREAMS });

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every event of the stream (up to `until`) and their fold: for replays and audits. */
  async load<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
    until?: string,
  ) {
    const events = (
      await this.store.readStream(kind.streamOf(id), until ? { until } : undefined)
    ).map(upcastEvent);
    return {
      events,
      state: replay(kind.decider, events.map(toDomainEvent) as E[]),
      version: events.length - 1,
    };
  }

  /**
   * The stream's current fold. A fold kept from earlier is brought up to date with the events
   * appended since (by this process or any other), so only the tail is read and parsed.
   */
  async current<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
  ): Promise<FoldedStream<S>> {
    const stream = kind.streamOf(id);
    const cached = this.folds.get(stream) as FoldedStream<S> | undefined;
    const tail = (
      await this.store.readStream(stream, cached ? { fromVersion: cached.version + 1 } : undefined)
    ).map(upcastEvent);
    if (cached && tail.length === 0) return cached;
    let state = cached?.state ?? kind.decider.initialState;
    let version = cached?.version ?? -1;
    let position = cached?.position ?? 0;
    let answered = cached?.answered ?? new Map<string, Answer>();
    for (const event of tail) {
      state = kind.decider.evolve(state, toDomainEvent(event) as E);
      version = event.version;
      position = event.position;
      const key = event.metadata.idempotencyKey;
      if (typeof key === 'string') {
        const copy =
          answered === cached?.answered ? new Map(answered) : (answered as Map<string, Answer>);
        copy.set(answerKey(event.metadata.actor, key), {
          version,
          position,
          fingerprint: event.metadata.requestFingerprint as string | undefined,
        });
        answered = copy;
      }
    }
    const folded: FoldedStream<S> = { state, version, position, answered };
    if (version >= 0) this.folds.set(stream, folded);
    return folded;
  }

  execute<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
    command: C,
    meta: CommandMetadata,
    options: ExecuteOptions<S> = {},
  ): Promise<CommandResult> {
    return this.decideAndAppend(
      kind,
      id,
      (state) => kind.decider.decide(command, state),
      meta,
      options,
    );
  }

  /**
   * Several commands decided in order, each against the state the previous ones left, and
   * appended as one all-or-nothing batch (an import's findings and scores).
   */
  executeMany<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
    commands: readonly C[],
    meta: CommandMetadata,
    options: ExecuteOptions<S> = {},
  ): Promise<CommandResult> {
    return this.decideAndAppend(
      kind,
      id,
      (initial) => {
        let state = initial;
        return commands.flatMap((command) => {
          const events = kind.decider.decide(command, state);
          state = events.reduce(kind.decider.evolve, state);
          return events;
        });
      },
      meta,
      options,
    );
  }

  private async decideAndAppend<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
    decide: (state: S) => E[],
    meta: CommandMetadata,
    options: ExecuteOptions<S>,
  ): Promise<CommandResult> {
    const stream = kind.streamOf(id);
    for (let attempt = 0; ; attempt++) {
      const folded = await this.current(kind, id);
      const { state, version } = folded;
      const replayed = this.findReplay(stream, folded, meta);
      if (replayed) return replayed;
      if (version < 0 && !options.creates) throw new NotFoundError(kind.resource, id);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
        throw new ConcurrencyError(stream, meta.expectedVersion, version);
      }
      options.authorize?.(state);
      const decided = decide(state);
      if (decided.length === 0) return { stream, version, position: folded.position };
      try {
        const result = await this.store.appendToStream(
          stream,
          decided.map((e) => this.toNewEvent(kind, e, meta)),
          {
            expectedVersion: version,
          },
        );
        return { stream, version: result.nextExpectedVersion, position: result.lastPosition };
      } catch (error) {
        const retry =
          error instanceof ConcurrencyError &&
          meta.expectedVersion === undefined &&
          attempt < RETRIES_WITHOUT_IF_MATCH;
        if (!retry) throw error;
      }
    }
  }

  /** The first answer to a request with the same Idempotency-Key from the same person. */
  private findReplay(
    stream: string,
    folded: FoldedStream<unknown>,
    meta: CommandMetadata,
  ): CommandResult | undefined {
    if (!meta.idempotencyKey) return undefined;
    const earlier = folded.answered.get(answerKey(meta.actor, meta.idempotencyKey));
    if (!earlier) return undefined;
    if (meta.requestFingerprint && earlier.fingerprint !== meta.requestFingerprint) {
      throw new IdempotencyKeyReusedError(meta.idempotencyKey);
    }
    return { stream, version: earlier.version, position: earlier.position, replayed: true };
  }

  private toNewEvent<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    event: E,
    meta: CommandMetadata,
  ): NewEvent {
    const schemaVersion = currentSchemaVersion(event.type) ?? kind.schemaVersions[event.type];
    if (!schemaVersion) throw new Error(`no schema version for event type ${event.type}`);
    return {
      eventId: randomUUID(),
      type: event.type,
      schemaVersion,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: meta.actor,
        ...(meta.actorName ? { actorName: meta.actorName } : {}),
        correlationId: meta.correlationId,
        causationId: meta.causationId ?? meta.commandId,
        commandId: meta.commandId,
        ...(meta.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
        ...(meta.requestFingerprint ? { requestFingerprint: meta.requestFingerprint } : {}),
      },
    };
  }
}

/** Of an event already upcast: the current shape (ADR 9). */
function toDomainEvent(event: StoredEvent): DomainEvent {
  return { type: event.type, data: event.data };
}
