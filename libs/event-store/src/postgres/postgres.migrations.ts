import { type ClientBase } from 'pg';

/**
 * The schema of the PostgreSQL event store, as an ordered list of migrations. A migration is
 * never edited once released: a change is a new entry at the end.
 */
export interface PostgresMigration {
  version: number;
  name: string;
  sql(names: PostgresNames): string;
}

/** Quoted, schema-qualified names, so that one database can hold several stores. */
export interface PostgresNames {
  schema: string;
  events: string;
  streams: string;
  migrations: string;
  append: string;
  appendBatch: string;
  chain: string;
  refuseChange: string;
  /** The NOTIFY channel (a plain string, not quoted). */
  channel: string;
}

/** Key of the transaction-scoped advisory lock that serialises concurrent migrators. */
export const MIGRATION_LOCK_KEY = 0x65735f6d69677261n; // 'es_migra'

/** SQLSTATEs raised by the store's own functions. */
export const SQLSTATE = {
  concurrency: 'ES409',
  duplicateEventId: 'ES410',
  appendOnly: 'ES403',
} as const;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresNames(schema = 'public'): PostgresNames {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `schema must be a lower-case SQL identifier of letters, digits and "_", not ${JSON.stringify(schema)}`,
    );
  }
  const q = (name: string) => `"${schema}"."${name}"`;
  return {
    schema: `"${schema}"`,
    events: q('es_events'),
    streams: q('es_streams'),
    migrations: q('es_schema_migrations'),
    append: q('es_append'),
    appendBatch: q('es_append_batch'),
    chain: q('es_chain_hashes'),
    refuseChange: q('es_refuse_change'),
    channel: schema === 'public' ? 'es_events' : `es_events.${schema}`,
  };
}

/** sha256(previous hash || canonical JSON) as hex: chainHash of event-hash.ts, in SQL. */
function hashSql(previous: string, canonical: string): string {
  return `encode(sha256(convert_to(${previous} || (${canonical}), 'UTF8')), 'hex')`;
}

/**
 * One event (v_event) for p_stream at the expected number v_expected (-1: a new stream), in one
 * statement: the UPDATE locks the stream's row, checks its version and moves it on, or the
 * INSERT creates the stream at its final state (a concurrent creator makes it wait, then do
 * nothing). The event's INSERT takes its position only if that happened; FOUND tells which.
 * Shared by es_append and es_append_batch, so that both take exactly the same path.
 */
function oneEventFastPath(n: PostgresNames): string {
  return `IF v_expected = -1 THEN
            WITH stream AS (
              INSERT INTO ${n.streams} AS s (stream_id, version, last_hash)
              VALUES (p_stream, 0, ${hashSql("''", "v_event ->> 'canon'")})
              ON CONFLICT DO NOTHING
              RETURNING s.version, s.last_hash
            )
            ${insertOneEvent(n)}
          ELSE
            WITH stream AS (
              UPDATE ${n.streams} s
                 SET version = s.version + 1, last_hash = ${hashSql('s.last_hash', "v_event ->> 'canon'")}
               WHERE s.stream_id = p_stream AND s.version = v_expected
              RETURNING s.version, s.last_hash
            )
            ${insertOneEvent(n)}
          END IF;`;
}

/** Inserts v_event at the version and hash of the CTE `stream`; none when `stream` is empty. */
function insertOneEvent(n: PostgresNames): string {
  return `INSERT INTO ${n.events}
              (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, hash)
            SELECT p_stream, stream.version, (v_event ->> 'eventId')::uuid, v_event ->> 'type',
                   (v_event ->> 'schemaVersion')::int, v_event -> 'data', v_event -> 'metadata',
                   (v_event -> 'metadata' ->> 'recordedAt')::timestamptz, stream.last_hash
              FROM stream
            RETURNING position, version INTO first_position, next_version;`;
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'events, streams, append-only triggers',
    // CACHE 1 matters: the gap-safe reader assumes positions are handed out in time order
    // across sessions, which a per-session sequence cache would break.
    sql: (n) => `
      CREATE TABLE ${n.events} (
        position bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
        stream_id text NOT NULL,
        version int NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        schema_version int NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        hash text NOT NULL,
        CONSTRAINT es_events_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, version)
      );

      CREATE TABLE ${n.streams} (
        stream_id text PRIMARY KEY,
        version int NOT NULL,
        last_hash text NOT NULL
      );

      CREATE FUNCTION ${n.refuseChange}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'es_events is append-only: % refused', TG_OP USING ERRCODE = '${SQLSTATE.appendOnly}';
      END
      $fn$;

      CREATE TRIGGER es_events_append_only BEFORE UPDATE OR DELETE ON ${n.events}
        FOR EACH ROW EXECUTE FUNCTION ${n.refuseChange}();
      CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON ${n.events}
        FOR EACH STATEMENT EXECUTE FUNCTION ${n.refuseChange}();
    `,
  },
  {
    version: 2,
    name: 'es_append, es_append_batch',
    sql: (n) => `
      -- The hash of each event in turn, chained from p_prev: sha256(previous hash || canonical
      -- JSON), hex, the same as chainHash in event-hash.ts.
      CREATE FUNCTION ${n.chain}(p_prev text, p_events jsonb) RETURNS text[]
      LANGUAGE plpgsql IMMUTABLE AS $fn$
      DECLARE
        v_hashes text[] := '{}';
      BEGIN
        FOR i IN 0 .. jsonb_array_length(p_events) - 1 LOOP
          p_prev := ${hashSql('p_prev', "p_events -> i ->> 'canon'")};
          v_hashes := v_hashes || p_prev;
        END LOOP;
        RETURN v_hashes;
      END
      $fn$;

      CREATE FUNCTION ${n.append}(p_stream text, p_expected text, p_events jsonb,
        OUT next_version int, OUT first_position bigint, OUT last_position bigint)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := jsonb_array_length(p_events);
        -- The expected version as a number (-1 for 'no_stream'); NULL for 'any' and 'stream_exists'.
        v_expected bigint;
        v_xid xid8;
        -- The stream's version and last hash before this append.
        v_version int;
        v_hash text;
        v_hashes text[];
        -- es_streams already holds the new version and hash (a stream created by this append).
        v_stream_moved boolean := false;
        -- The stream is at another version than expected: nothing to lock, only to explain.
        v_lost boolean := false;
        v_event jsonb;
        v_ids uuid[];
        v_found int;
        v_in_stream int;
        v_min_offset int;
        v_max_offset int;
        v_clash record;
      BEGIN
        IF p_expected = 'no_stream' THEN
          v_expected := -1;
        ELSIF p_expected NOT IN ('any', 'stream_exists') THEN
          v_expected := p_expected::bigint;
        END IF;

        -- (a) Take the transaction id before any position: the gap-safe reader relies on every
        -- transaction that holds a position having been given its xid before it took it.
        -- (An assignment, not PERFORM: plpgsql evaluates it without starting an executor.)
        v_xid := pg_current_xact_id();

        -- (b) Lock the stream. Every path below locks its es_streams row before taking a
        -- position, so the loser of a race waits there and fails before it takes one: conflicts
        -- leave no holes in the log.
        --
        -- The common case first, in one statement: one event at an expected number.
        IF v_expected IS NOT NULL AND v_count = 1 THEN
          v_event := p_events -> 0;
          ${oneEventFastPath(n)}
          IF FOUND THEN
            last_position := first_position;
            RETURN;
          END IF;
        END IF;

        IF v_expected IS NOT NULL THEN
          -- Versions only grow, so a stream that is already at another number has lost this
          -- race for good: decide it (a retry, or a conflict) without queueing for the lock.
          SELECT s.version INTO v_version FROM ${n.streams} s WHERE s.stream_id = p_stream;
          v_lost := FOUND AND v_version <> v_expected;
        END IF;

        IF NOT v_lost THEN
          SELECT s.version, s.last_hash INTO v_version, v_hash
            FROM ${n.streams} s WHERE s.stream_id = p_stream FOR UPDATE;
          IF NOT FOUND THEN
            IF p_expected <> 'stream_exists' AND coalesce(v_expected, -1) = -1 THEN
              -- A stream that does not exist cannot hold these events, so there is no retry to
              -- look for: create it at its final version and hash, in one statement.
              v_version := -1;
              v_hashes := ${n.chain}('', p_events);
              INSERT INTO ${n.streams} (stream_id, version, last_hash)
                VALUES (p_stream, v_count - 1, v_hashes[v_count])
                ON CONFLICT DO NOTHING;
              v_stream_moved := FOUND;
            END IF;
            IF NOT v_stream_moved THEN
              -- Created meanwhile by another append (now committed), or the expectation needs
              -- a stream that exists: take the general path with the row locked.
              INSERT INTO ${n.streams} (stream_id, version, last_hash) VALUES (p_stream, -1, '')
                ON CONFLICT DO NOTHING;
              SELECT s.version, s.last_hash INTO v_version, v_hash
                FROM ${n.streams} s WHERE s.stream_id = p_stream FOR UPDATE;
            END IF;
          END IF;
        END IF;

        IF NOT v_stream_moved THEN
          -- (c) A retry of an append that is already stored is a no-op with the same result; an
          -- id stored anywhere else is refused by name. (The fast paths need no look: there the
          -- events cannot be in the stream yet, and an id stored elsewhere trips the unique
          -- index.) = ANY of an array rather than a join with jsonb_array_elements, which the
          -- planner would take for a hundred rows and answer by hashing the whole table.
          v_ids := ARRAY(SELECT (i.ev ->> 'eventId')::uuid
                           FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(ev, ord) ORDER BY i.ord);
          IF EXISTS (SELECT 1 FROM ${n.events} e WHERE e.event_id = ANY (v_ids)) THEN
            SELECT count(*),
                   count(*) FILTER (WHERE e.stream_id = p_stream),
                   min(e.version - array_position(v_ids, e.event_id)),
                   max(e.version - array_position(v_ids, e.event_id)),
                   min(e.position) FILTER (WHERE e.event_id = v_ids[1]),
                   max(e.position) FILTER (WHERE e.event_id = v_ids[v_count])
              INTO v_found, v_in_stream, v_min_offset, v_max_offset, first_position, last_position
              FROM ${n.events} e WHERE e.event_id = ANY (v_ids);
            IF v_found = v_count AND v_in_stream = v_count AND v_min_offset = v_max_offset
               AND (v_expected IS NULL OR v_expected = v_min_offset) THEN
              next_version := v_min_offset + v_count;
              RETURN;
            END IF;
            SELECT e.event_id::text AS event_id, e.stream_id, e.version INTO v_clash
              FROM ${n.events} e WHERE e.event_id = ANY (v_ids)
              ORDER BY array_position(v_ids, e.event_id) LIMIT 1;
            RAISE EXCEPTION 'event id % is already stored as %@%', v_clash.event_id, v_clash.stream_id, v_clash.version
              USING ERRCODE = '${SQLSTATE.duplicateEventId}',
                    DETAIL = json_build_object('eventId', v_clash.event_id, 'stream', v_clash.stream_id,
                                               'version', v_clash.version)::text;
          END IF;

          -- (d) The expected version, in all four modes.
          IF v_version <> v_expected OR (p_expected = 'stream_exists' AND v_version = -1) THEN
            RAISE EXCEPTION 'stream % is at version %, expected %', p_stream, v_version, p_expected
              USING ERRCODE = '${SQLSTATE.concurrency}', DETAIL = v_version::text;
          END IF;

          v_hashes := ${n.chain}(v_hash, p_events);
        END IF;

        -- (e) Insert in version order, so that positions rise with versions, and move the
        -- stream on. Listeners are woken by the caller after commit: a NOTIFY here would hold a
        -- cluster-wide lock through every commit and serialise all writers.
        IF v_count = 1 THEN
          v_event := p_events -> 0;
          INSERT INTO ${n.events}
            (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, hash)
          VALUES (p_stream, v_version + 1, (v_event ->> 'eventId')::uuid, v_event ->> 'type',
                  (v_event ->> 'schemaVersion')::int, v_event -> 'data', v_event -> 'metadata',
                  (v_event -> 'metadata' ->> 'recordedAt')::timestamptz, v_hashes[1])
          RETURNING position INTO first_position;
          last_position := first_position;
        ELSE
          WITH inserted AS (
            INSERT INTO ${n.events}
              (stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, hash)
            SELECT p_stream, v_version + i.ord::int, (i.ev ->> 'eventId')::uuid, i.ev ->> 'type',
                   (i.ev ->> 'schemaVersion')::int, i.ev -> 'data', i.ev -> 'metadata',
                   (i.ev -> 'metadata' ->> 'recordedAt')::timestamptz, v_hashes[i.ord]
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS i(ev, ord)
              ORDER BY i.ord
            RETURNING position
          )
          SELECT min(position), max(position) INTO first_position, last_position FROM inserted;
        END IF;

        next_version := v_version + v_count;
        IF NOT v_stream_moved THEN
          UPDATE ${n.streams} SET version = next_version, last_hash = v_hashes[v_count]
           WHERE stream_id = p_stream;
        END IF;
      END
      $fn$;

      -- Several one-event appends at expected numbers, each exactly as es_append's fast path,
      -- in one transaction: the store sends these when its append slots are all busy, so that
      -- concurrent writers share a round trip and a commit. p_appends is an array of
      -- {s: stream, x: expected number, e: [event]}. An append the fast path cannot take (a
      -- conflict, a retry) is left out, NULL in the results, and the store runs it through
      -- es_append on its own. Anything raised (an id stored elsewhere) rolls the whole batch
      -- back, and the store then runs every append on its own.
      CREATE FUNCTION ${n.appendBatch}(p_appends jsonb, OUT versions int[], OUT positions bigint[])
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_xid xid8;
        v_item jsonb;
        p_stream text;
        v_expected bigint;
        v_event jsonb;
        next_version int;
        first_position bigint;
      BEGIN
        -- (a) of es_append: the transaction id before any position.
        v_xid := pg_current_xact_id();
        versions := '{}';
        positions := '{}';
        FOR v_item IN SELECT i.item FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS i(item, ord)
                      ORDER BY i.ord LOOP
          p_stream := v_item ->> 's';
          v_expected := (v_item ->> 'x')::bigint;
          v_event := v_item -> 'e' -> 0;
          ${oneEventFastPath(n)}
          IF FOUND THEN
            versions := versions || next_version;
            positions := positions || first_position;
          ELSE
            versions := versions || NULL::int;
            positions := positions || NULL::bigint;
          END IF;
        END LOOP;
      END
      $fn$;
    `,
  },
];

/**
 * Applies the migrations not yet recorded, all in one transaction under an advisory lock, so
 * that stores starting together neither race nor see a half-made schema.
 */
export async function runPostgresMigrations(
  client: ClientBase,
  names: PostgresNames,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    // Only when missing: CREATE SCHEMA checks its privilege even with IF NOT EXISTS, and a
    // production role may not hold it.
    const schema = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [
      names.schema.slice(1, -1),
    ]);
    if (schema.rowCount === 0) await client.query(`CREATE SCHEMA ${names.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (version int PRIMARY KEY, applied_at timestamptz NOT NULL)`,
    );
    const done = await client.query<{ version: number }>(`SELECT version FROM ${names.migrations}`);
    const applied = new Set(done.rows.map((row) => row.version));
    const fresh: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql(names));
      await client.query(
        `INSERT INTO ${names.migrations} (version, applied_at) VALUES ($1, now())`,
        [migration.version],
      );
      fresh.push(migration.version);
    }
    await client.query('COMMIT');
    return fresh;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
