import {
  type ActionEvent,
  type ActionState,
  evolveAction,
  initialActionState,
  isActionEventType,
  isRaised,
  type RaisedAction,
} from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';
import {
  type ReadModelDialect,
  type ReadModelTransaction,
  type SqlValue,
} from '../database/read-model-database';
import { emptyTable, insertRows } from '../database/multi-row';
import { type Projection, type ProjectionTable, versionedTable } from '../projection';
import { type ActionFoldMemo } from './action-fold-memo';

export const ACTION_STREAM_PREFIX = 'action-';

/** The row of an action in the register, as stored. */
export interface ActionRegisterRow {
  action_id: string;
  plan_id: string;
  ref: string;
  title: string;
  quality_statement: string;
  priority: string;
  status: string;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  owner_email_lower: string | null;
  due_date: string | null;
  percent_complete: number;
  confidence: string | null;
  escalation_level: number;
  escalated_to_board_id: string | null;
  awaiting_board_decision: number;
  due_date_change_count: number;
  total_days_moved: number;
  raised_at: string;
  updated_at: string;
  version: number;
  position: number;
  /** The action folded with evolveAction, as JSON: the next event applies to it directly. */
  state: string;
}

const COLUMNS = [
  'action_id',
  'plan_id',
  'ref',
  'title',
  'quality_statement',
  'priority',
  'status',
  'owner_id',
  'owner_name',
  'owner_email',
  'owner_email_lower',
  'due_date',
  'percent_complete',
  'confidence',
  'escalation_level',
  'escalated_to_board_id',
  'awaiting_board_decision',
  'due_date_change_count',
  'total_days_moved',
  'raised_at',
  'updated_at',
  'version',
  'position',
  'state',
] as const satisfies readonly (keyof ActionRegisterRow)[];

/** Columns an event may change: all but the key and the moment the action was raised. */
const UPDATED = COLUMNS.filter((c) => c !== 'action_id' && c !== 'raised_at');

/** Most ids in one `IN (…)` lookup. */
const LOOKUP_CHUNK = 500;

/** A row the batch touches, moved on in place as its events are folded. */
interface Folded {
  actionId: string;
  state: ActionState;
  version: number;
  raisedAt: string;
  updatedAt: string;
  position: number;
  /** Moved on by this batch: to be written. */
  changed: boolean;
}

function actionIdOf(event: StoredEvent): string {
  return event.stream.slice(ACTION_STREAM_PREFIX.length);
}

const UPSERT_TAIL = `ON CONFLICT (action_id) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** The register table of one version (queries read the view `action_register`). */
export const ACTION_REGISTER_TABLE: ProjectionTable = {
  name: 'action_register',
  ddl(t: string, dialect: ReadModelDialect): string[] {
    const c = dialect === 'postgres' ? ' COLLATE "C"' : '';
    return [
      `CREATE TABLE IF NOT EXISTS ${t} (
        action_id               text PRIMARY KEY,
        plan_id                 text    NOT NULL,
        ref                     text${c} NOT NULL,
        title                   text    NOT NULL,
        quality_statement       text    NOT NULL,
        priority                text    NOT NULL,
        status                  text    NOT NULL,
        owner_id                text,
        owner_name              text,
        owner_email             text,
        owner_email_lower       text,
        due_date                text${c},
        percent_complete        integer NOT NULL,
        confidence              text,
        escalation_level        integer NOT NULL,
        escalated_to_board_id   text,
        awaiting_board_decision integer NOT NULL,
        due_date_change_count   integer NOT NULL,
        total_days_moved        integer NOT NULL,
        raised_at               text    NOT NULL,
        updated_at              text    NOT NULL,
        version                 integer NOT NULL,
        position                bigint  NOT NULL,
        state                   text    NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS ${t}_order ON ${t} (due_date, ref, action_id)`,
      `CREATE INDEX IF NOT EXISTS ${t}_plan ON ${t} (plan_id, due_date, ref)`,
      `CREATE INDEX IF NOT EXISTS ${t}_owner ON ${t} (owner_id)`,
      `CREATE INDEX IF NOT EXISTS ${t}_owner_email ON ${t} (owner_email_lower)`,
      `CREATE INDEX IF NOT EXISTS ${t}_escalated ON ${t} (escalated_to_board_id, awaiting_board_decision)`,
    ];
  },
};

/**
 * The action register: one row per action, with the columns the register filters and sorts on,
 * and the folded state. Delivery status and days overdue depend on today's date, so they are not
 * stored: queries compute them from the due date and status (see ActionRegisterQuery).
 *
 * Idempotent per event: a row remembers the stream version it has folded, and an event at or
 * below it is skipped, so a redelivered event never counts twice.
 */
export class ActionRegisterProjection implements Projection {
  readonly name: string = 'action-register';
  readonly version: number = 1;
  readonly tables: readonly ProjectionTable[] = [ACTION_REGISTER_TABLE];

  /**
   * `memo`, when given, receives the state after each event this projection folds, for the
   * action-snapshot projection handed the same page to reuse (defaultProjections shares one).
   */
  constructor(private readonly memo?: ActionFoldMemo) {}

  /** This version's table (a subclass may bump the version). */
  protected get table(): string {
    return versionedTable(ACTION_REGISTER_TABLE.name, this.version);
  }

  apply(tx: ReadModelTransaction, event: StoredEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * Reads the rows the batch touches in one query, folds in memory, writes each row once (its
   * state as JSON only then). Rows are keyed by stream name while folding, and each row's entry
   * is moved on in place, so that an event allocates little beyond its new state.
   */
  async applyBatch(tx: ReadModelTransaction, events: readonly StoredEvent[]): Promise<void> {
    this.memo?.clear();
    const mine: StoredEvent[] = [];
    const streams = new Set<string>();
    for (const e of events) {
      if (!e.stream.startsWith(ACTION_STREAM_PREFIX) || !isActionEventType(e.type)) continue;
      mine.push(e);
      streams.add(e.stream);
    }
    if (mine.length === 0) return;
    const ids = [...streams].map((stream) => stream.slice(ACTION_STREAM_PREFIX.length));
    const folded = new Map<string, Folded>();
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const rows = await tx.query<
        Pick<ActionRegisterRow, 'action_id' | 'state' | 'version' | 'raised_at'>
      >(
        `SELECT action_id, state, version, raised_at FROM ${this.table}
          WHERE action_id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) {
        folded.set(ACTION_STREAM_PREFIX + row.action_id, {
          actionId: row.action_id,
          state: JSON.parse(row.state) as ActionState,
          version: Number(row.version),
          raisedAt: row.raised_at,
          updatedAt: row.raised_at,
          position: 0,
          changed: false,
        });
      }
    }
    for (const event of mine) {
      const current = folded.get(event.stream);
      // A row remembers the stream version it has folded: a redelivered event is skipped.
      if (current && current.version >= event.version) continue;
      // evolveAction reads only the type and the data.
      const state = evolveAction(
        current?.state ?? initialActionState,
        event as unknown as ActionEvent,
      );
      if (!isRaised(state)) continue;
      this.memo?.set(event, state);
      if (current) {
        current.state = state;
        current.version = event.version;
        current.updatedAt = event.recordedAt;
        current.position = event.position;
        current.changed = true;
      } else {
        folded.set(event.stream, {
          actionId: actionIdOf(event),
          state,
          version: event.version,
          raisedAt: event.recordedAt,
          updatedAt: event.recordedAt,
          position: event.position,
          changed: true,
        });
      }
    }
    const rows: SqlValue[][] = [];
    for (const f of folded.values()) {
      if (!f.changed || !isRaised(f.state)) continue;
      const values = toRow(f.state, f);
      rows.push(COLUMNS.map((c) => values[c]));
    }
    // One row per action (the map's keys): a statement never updates a row twice.
    await insertRows(tx, this.table, COLUMNS, rows, UPSERT_TAIL);
  }

  async reset(tx: ReadModelTransaction): Promise<void> {
    await emptyTable(tx, this.table);
  }
}

function toRow(
  state: RaisedAction,
  at: { actionId: string; raisedAt: string; updatedAt: string; version: number; position: number },
): Record<(typeof COLUMNS)[number], SqlValue> {
  return {
    action_id: at.actionId,
    plan_id: state.planId,
    ref: state.ref,
    title: state.title,
    quality_statement: state.qualityStatement,
    priority: state.priority,
    status: state.status,
    owner_id: state.owner?.id ?? null,
    owner_name: state.owner?.name ?? null,
    owner_email: state.owner?.email ?? null,
    owner_email_lower: state.owner?.email.toLowerCase() ?? null,
    due_date: state.dueDate,
    percent_complete: state.percentComplete,
    confidence: state.confidence,
    escalation_level: state.escalationLevel,
    escalated_to_board_id: state.escalatedToBoardId,
    awaiting_board_decision: state.awaitingBoardDecision ? 1 : 0,
    due_date_change_count: state.dueDateChangeCount,
    total_days_moved: state.totalDaysMoved,
    raised_at: at.raisedAt,
    updated_at: at.updatedAt,
    version: at.version,
    position: at.position,
    state: JSON.stringify(state),
  };
}
