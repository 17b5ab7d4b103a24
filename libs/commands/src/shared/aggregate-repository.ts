import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Decider, replay } from '@asc/domain';
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
const RETRIES_WITHOUT_IF_MATCH = 3;

/**
 * Read the stream, fold it, decide, append with the version read: the whole write path of every
 * command. An Idempotency-Key is stored in the events' metadata, so the log itself remembers it
 * across restarts and no second table can disagree with it.
 */
@Injectable()
export class AggregateRepository {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    id: string,
    until?: string,
  ) {
    const events = await this.store.readStream(kind.streamOf(id), until ? { until } : undefined);
    return {
      events,
      state: replay(kind.decider, events.map(toDomainEvent) as E[]),
      version: events.length - 1,
    };
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
      const { events, state, version } = await this.load(kind, id);
      const replayed = this.findReplay(stream, events, meta);
      if (replayed) return replayed;
      if (events.length === 0 && !options.creates) throw new NotFoundError(kind.resource, id);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
        throw new ConcurrencyError(stream, meta.expectedVersion, version);
      }
      options.authorize?.(state);
      const decided = decide(state);
      if (decided.length === 0) {
        return { stream, version, position: events.at(-1)?.position ?? 0 };
      }
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
    events: StoredEvent[],
    meta: CommandMetadata,
  ): CommandResult | undefined {
    if (!meta.idempotencyKey) return undefined;
    const earlier = events.filter(
      (e) => e.metadata.idempotencyKey === meta.idempotencyKey && e.metadata.actor === meta.actor,
    );
    if (earlier.length === 0) return undefined;
    const last = earlier[earlier.length - 1];
    if (meta.requestFingerprint && last.metadata.requestFingerprint !== meta.requestFingerprint) {
      throw new IdempotencyKeyReusedError(meta.idempotencyKey);
    }
    return { stream, version: last.version, position: last.position, replayed: true };
  }

  private toNewEvent<C, E extends DomainEvent, S>(
    kind: AggregateKind<C, E, S>,
    event: E,
    meta: CommandMetadata,
  ): NewEvent {
    const schemaVersion = kind.schemaVersions[event.type];
    if (!schemaVersion) throw new Error(`no schema version for event type ${event.type}`);
    return {
      eventId: randomUUID(),
      type: event.type,
      schemaVersion,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: meta.actor,
        correlationId: meta.correlationId,
        causationId: meta.causationId ?? meta.commandId,
        commandId: meta.commandId,
        ...(meta.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
        ...(meta.requestFingerprint ? { requestFingerprint: meta.requestFingerprint } : {}),
      },
    };
  }
}

function toDomainEvent(event: StoredEvent): DomainEvent {
  return { type: event.type, data: event.data };
}
