/** Schema of the embedded store, versioned with PRAGMA user_version. Append only: never edit one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE es_events (
    position       INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id      TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    event_id       TEXT    NOT NULL UNIQUE,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL,
    metadata       TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    UNIQUE (stream_id, version)
  );
  CREATE TABLE es_streams (
    stream_id TEXT PRIMARY KEY,
    version   INTEGER NOT NULL,
    last_hash TEXT    NOT NULL
  ) WITHOUT ROWID;
  CREATE TRIGGER es_events_immutable_update BEFORE UPDATE ON es_events
  BEGIN SELECT RAISE(ABORT, 'events are immutable: es_events rows cannot be updated'); END;
  CREATE TRIGGER es_events_immutable_delete BEFORE DELETE ON es_events
  BEGIN SELECT RAISE(ABORT, 'events are immutable: es_events rows cannot be deleted'); END;
  `,
  // As-of reads ask for a stream's events from a version up to a moment: with only
  // (stream_id, version), SQLite visits every later event of the stream to test its time (ADR 10).
  `CREATE INDEX es_events_stream_time ON es_events (stream_id, recorded_at, version);`,
];
