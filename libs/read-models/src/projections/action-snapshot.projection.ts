import {
  ACTION_REPORT_FOLD_VERSION,
  type ActionReportFold,
  foldActionReportEventEvolved,
  initialActionReportFold,
} from '@asc/board-report';
import { isRaised } from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';
import { deleteRows, emptyTable, insertRows } from '../database/multi-row';
import {
  type ReadModelDialect,
  type ReadModelTransaction,
  type SqlValue,
} from '../database/read-model-database';
import { type Projection, type ProjectionTable, versionedTable } from '../projection';
import { type ActionFoldMemo } from './action-fold-memo';
import { ACTION_STREAM_PREFIX } from './action-register.projection';

/** A snapshot is kept after every this many events of a stream (and after its first). */
export const SNAPSHOT_EVERY = 25;

/**
 * Where a stream rests, its snapshot is kept as well: when its next event comes `afterMs` or more
 * later and at least `every` events came since the last kept one. A moment asked about falls in
 * such a quiet spell far more often than in a burst of updates (spells last weeks, bursts
 * minutes), and then reads no tail at all (ADR 10). The rows are mostly heads that were written
 * anyway, now not deleted: storage, not folding, is the cost.
 */
export interface SnapshotRest {
  afterMs: number;
  every: number;
}

export const SNAPSHOT_REST: SnapshotRest = { afterMs: 60 * 60_000, every: 5 };

/**
 * One stored snapshot: an action's stream folded for the board report up to `version`. Besides
 * the kept ones (version 0 and every SNAPSHOT_EVERY events), each stream has its head: the fold
 * of everything the projection has seen, replaced as the stream moves on.
 */
export interface ActionSnapshotRow {
  action_id: string;
  version: number;
  plan_id: string;
  /**
   * The latest recordedAt of the events folded (not merely of the last one): a moment at or after
   * it includes every folded event, even if a clock once ran backwards (ADR 10).
   */
  recorded_at: string;
  /** Global position of the last event folded. */
  position: number;
  /** ActionReportFold as JSON. */
  fold: string;
}

export const ACTION_SNAPSHOTS_TABLE: ProjectionTable = {
  name: 'action_snapshots',
  ddl: (t: string, dialect: ReadModelDialect) => [
    `CREATE TABLE IF NOT EXISTS ${t} (
      action_id   text    NOT NULL,
      version     integer NOT NULL,
      plan_id     text    NOT NULL,
      recorded_at text${dialect === 'postgres' ? ' COLLATE "C"' : ''} NOT NULL,
      position    bigint  NOT NULL,
      fold        text    NOT NULL,
      PRIMARY KEY (action_id, version)
    )`,
    // Covers the as-of query's grouping (each action's head and latest snapshot by a moment)
    // without reading the rows; it replaces the first index without recorded_at.
    `CREATE INDEX IF NOT EXISTS ${t}_plan_at ON ${t} (plan_id, action_id, version, recorded_at)`,
    `DROP INDEX IF EXISTS ${t}_plan`,
  ],
};

const SNAPSHOT_COLUMNS = ['action_id', 'version', 'plan_id', 'recorded_at', 'position', 'fold'];
const SNAPSHOT_UPSERT_TAIL = `ON CONFLICT (action_id, version) DO UPDATE SET plan_id = excluded.plan_id,
  recorded_at = excluded.recorded_at, position = excluded.position, fold = excluded.fold`;

/** Most ids in one `IN (…)` lookup. */
const LOOKUP_CHUNK = 500;

/** An action's latest fold while a batch is applied, moved on in place event by event. */
interface Head {
  actionId: string;
  fold: ActionReportFold;
  recordedAt: string;
  position: number;
  /** The head row as stored before this batch (-1: none); replaced unless kept. */
  storedVersion: number;
  /** The stream rested at the stored head: that row is kept, not replaced. */
  storedKept: boolean;
  /** Version of the latest kept snapshot (-1: none). */
  lastKept: number;
  /** Moved past its last written row: to be written as the head. */
  changed: boolean;
}

const HOUR_MS = 3_600_000;
/** The length of `YYYY-MM-DDTHH` in an ISO 8601 instant. */
const HOUR_PREFIX = 13;
const Z = 'Z'.charCodeAt(0);

/**
 * Whether two UTC instants as the store writes them (ISO 8601 ending in `Z`) fall in the same
 * clock hour: then they are less than an hour apart. Any other pair answers false and is parsed.
 */
function sameHour(a: string, b: string): boolean {
  if (a.length < HOUR_PREFIX || a.charCodeAt(a.length - 1) !== Z) return false;
  if (b.length < HOUR_PREFIX || b.charCodeAt(b.length - 1) !== Z) return false;
  for (let i = 0; i < HOUR_PREFIX; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * Snapshots for replays as of any moment (GET /actions/:id?asOf, the board report): the fold of
 * each action stream every SNAPSHOT_EVERY events, plus its head. Derived data like every read
 * model; its version is the fold's, so a changed fold builds fresh snapshots and the old ones are
 * never read (the as-of query reads this version's table only).
 */
export class ActionSnapshotProjection implements Projection {
  readonly name = 'action-snapshots';
  readonly version = ACTION_REPORT_FOLD_VERSION;
  readonly tables: readonly ProjectionTable[] = [ACTION_SNAPSHOTS_TABLE];

  /**
   * `memo`, when given, holds the states the action register folded from the same page (shared
   * by defaultProjections): each event is then folded with evolveAction once, not twice.
   */
  constructor(
    readonly every = SNAPSHOT_EVERY,
    private readonly memo?: ActionFoldMemo,
    readonly rest: SnapshotRest = SNAPSHOT_REST,
  ) {}

  /** Whether the snapshot at `version` is kept once the stream moves past it. */
  isKept(version: number): boolean {
    return version === 0 || (version + 1) % this.every === 0;
  }

  /** Whether the stream rested at its head before `event`: see SnapshotRest. */
  private restsBefore(head: Head, event: StoredEvent): boolean {
    // The times are parsed only once enough events came since the last kept snapshot, and not
    // at all for two instants within the same clock hour (a burst): parsing was 4 % of a rebuild.
    return (
      event.version === head.fold.version + 1 &&
      head.fold.version - head.lastKept >= this.rest.every &&
      !(this.rest.afterMs >= HOUR_MS && sameHour(head.recordedAt, event.recordedAt)) &&
      Date.parse(event.recordedAt) - Date.parse(head.recordedAt) >= this.rest.afterMs
    );
  }

  private get table(): string {
    return versionedTable(ACTION_SNAPSHOTS_TABLE.name, this.version);
  }

  apply(tx: ReadModelTransaction, event: StoredEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * Folds the batch per action in memory (heads keyed by stream name, moved on in place) and
   * writes each kept snapshot as it is passed, then each moved head once.
   */
  async applyBatch(tx: ReadModelTransaction, events: readonly StoredEvent[]): Promise<void> {
    const mine: StoredEvent[] = [];
    const streams = new Set<string>();
    for (const e of events) {
      if (!e.stream.startsWith(ACTION_STREAM_PREFIX)) continue;
      mine.push(e);
      streams.add(e.stream);
    }
    if (mine.length === 0) return;
    const heads = await this.readHeads(
      tx,
      [...streams].map((stream) => stream.slice(ACTION_STREAM_PREFIX.length)),
    );
    /** Kept snapshots passed in this batch first, in order, then the heads. */
    const rows: SqlValue[][] = [];
    for (const event of mine) {
      let head = heads.get(event.stream);
      // A redelivered event is already folded.
      if (head && head.fold.version >= event.version) continue;
      if (head && this.restsBefore(head, event)) {
        // The fold the stream rested at is kept: written now if this batch reached it, else the
        // stored head is not replaced.
        if (head.changed) this.row(rows, head);
        else if (head.storedVersion === head.fold.version) head.storedKept = true;
        head.lastKept = head.fold.version;
      }
      const fold = foldActionReportEventEvolved(
        head?.fold ?? initialActionReportFold,
        event,
        this.memo?.get(event),
      );
      if (head) {
        if (head.recordedAt < event.recordedAt) head.recordedAt = event.recordedAt;
        head.fold = fold;
        head.position = event.position;
      } else {
        head = {
          actionId: event.stream.slice(ACTION_STREAM_PREFIX.length),
          fold,
          recordedAt: event.recordedAt,
          position: event.position,
          storedVersion: -1,
          storedKept: false,
          lastKept: -1,
          changed: true,
        };
        heads.set(event.stream, head);
      }
      // A kept snapshot is written now, as it stands (the head moves on); the head is then
      // written again only if later events move it past this one.
      head.changed = !this.isKept(event.version);
      if (!head.changed) {
        this.row(rows, head);
        head.lastKept = event.version;
      }
    }
    const superseded: SqlValue[][] = [];
    for (const head of heads.values()) {
      if (head.changed) this.row(rows, head);
      // The head stored before this batch is superseded unless it is one of the kept ones.
      const old = head.storedVersion;
      if (old >= 0 && old !== head.fold.version && !this.isKept(old) && !head.storedKept) {
        superseded.push([head.actionId, old]);
      }
    }
    await deleteRows(tx, this.table, ['action_id', 'version'], superseded);
    // Each (action, version) once: kept versions are distinct, and a head is added only when it
    // was not written as a kept one.
    await insertRows(tx, this.table, SNAPSHOT_COLUMNS, rows, SNAPSHOT_UPSERT_TAIL);
  }

  async reset(tx: ReadModelTransaction): Promise<void> {
    await emptyTable(tx, this.table);
  }

  /** The latest row of each action, keyed by stream name: the fold the next event applies to. */
  private async readHeads(tx: ReadModelTransaction, ids: string[]): Promise<Map<string, Head>> {
    const heads = new Map<string, Head>();
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      // Every stored row but the head is a kept one: the one before it is the last kept.
      const rows = await tx.query<ActionSnapshotRow & { kept_before: number | null }>(
        `SELECT s.action_id, s.version, s.recorded_at, s.position, s.fold,
                (SELECT max(y.version) FROM ${this.table} y
                  WHERE y.action_id = s.action_id AND y.version < s.version) AS kept_before
           FROM ${this.table} s
          WHERE s.action_id IN (${chunk.map(() => '?').join(', ')})
            AND s.version = (SELECT max(x.version) FROM ${this.table} x WHERE x.action_id = s.action_id)`,
        chunk,
      );
      for (const row of rows) {
        const version = Number(row.version);
        heads.set(ACTION_STREAM_PREFIX + row.action_id, {
          actionId: row.action_id,
          fold: JSON.parse(row.fold) as ActionReportFold,
          recordedAt: row.recorded_at,
          position: Number(row.position),
          storedVersion: version,
          storedKept: false,
          lastKept: this.isKept(version)
            ? version
            : row.kept_before === null
              ? -1
              : Number(row.kept_before),
          changed: false,
        });
      }
    }
    return heads;
  }

  /** Adds the row of a snapshot to write, when the action has been raised. */
  private row(rows: SqlValue[][], head: Head): void {
    const { state } = head.fold;
    // Events before ActionRaised (none are ever decided) leave nothing to snapshot.
    if (!isRaised(state)) return;
    rows.push([
      head.actionId,
      head.fold.version,
      state.planId,
      head.recordedAt,
      head.position,
      JSON.stringify(head.fold),
    ]);
  }
}
