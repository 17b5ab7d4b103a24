import {
  type ActionState,
  actionDaysOverdue,
  deliveryStatus,
  type DeliveryStatus,
  type QualityStatementCode,
  londonDateOf,
  type RaisedAction,
} from '@asc/domain';
import { type ReadModelDatabase, type SqlValue } from '../database/read-model-database';
import { type ActionRegisterRow } from '../projections/action-register.projection';
import { type RegisterStatus } from './register-status';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The filters of `GET /actions` (api.md); all optional, all combined with AND. */
export interface ActionRegisterFilter {
  planId?: string;
  /** Any of these (OR): delivery statuses for today, or the lifecycle states raised and open. */
  status?: readonly RegisterStatus[];
  /** The owner's subject id or email address (email case-insensitively). */
  owner?: string;
  qualityStatement?: QualityStatementCode;
  overdue?: boolean;
  /** Board the action was last escalated to. */
  escalatedTo?: string;
  /** Escalated and waiting for that board's decision. */
  awaitingDecision?: boolean;
  /** Due on or after / on or before these dates (`YYYY-MM-DD`); undated actions are left out. */
  dueFrom?: string;
  dueTo?: string;
}

export interface PageRequest {
  /** 1-based; default 1. */
  page?: number;
  /** Default 50, at most 200. */
  pageSize?: number;
}

export interface ActionRegisterItem {
  actionId: string;
  planId: string;
  ref: string;
  title: string;
  qualityStatement: string;
  priority: string;
  /** Lifecycle state: raised, open, completed, closed, cancelled. */
  status: string;
  /** As people see it today (Europe/London): never stored, always current. */
  deliveryStatus: DeliveryStatus;
  daysOverdue: number;
  owner: { id: string; name: string; email: string } | null;
  dueDate: string | null;
  originalDueDate: string | null;
  percentComplete: number;
  confidence: string | null;
  escalationLevel: number;
  escalatedToBoardId: string | null;
  awaitingBoardDecision: boolean;
  /** Drift: how often the date was re-planned, and how many days it moved in all. */
  dueDateChangeCount: number;
  totalDaysMoved: number;
  netDaysMoved: number;
  raisedAt: string;
  updatedAt: string;
  version: number;
  /** Global position of the action's last event. */
  position: number;
}

export interface ActionRegisterPage {
  items: ActionRegisterItem[];
  page: number;
  pageSize: number;
  total: number;
}

export interface BoardEscalations {
  boardId: string;
  actions: ActionRegisterItem[];
}

/** The lifecycle states in which an action is chased (and so can be overdue). */
const LIVE = `status IN ('raised', 'open')`;
const OVERDUE = `(${LIVE} AND due_date IS NOT NULL AND due_date < ?)`;
const NOT_OVERDUE = `(due_date IS NULL OR due_date >= ?)`;
const ORDER = 'ORDER BY (due_date IS NULL), due_date, ref, action_id';

/** A WHERE fragment and its parameters. */
interface Clause {
  sql: string;
  params: SqlValue[];
}

/** SQL for one register status on `today`: the same precedence as the domain's deliveryStatus. */
function statusClause(status: RegisterStatus, today: string): Clause {
  const confidence = (value: string): Clause => ({
    sql: `(status = 'open' AND ${NOT_OVERDUE} AND confidence = ?)`,
    params: [today, value],
  });
  switch (status) {
    case 'overdue':
      return { sql: OVERDUE, params: [today] };
    case 'not started':
      return {
        sql: `(${LIVE} AND ${NOT_OVERDUE} AND (status = 'raised' OR confidence IS NULL))`,
        params: [today],
      };
    case 'on track':
      return confidence('on-track');
    case 'at risk':
      return confidence('at-risk');
    case 'off track':
      return confidence('off-track');
    case 'raised':
    case 'open':
    case 'completed':
    case 'closed':
    case 'cancelled':
      return { sql: 'status = ?', params: [status] };
  }
}

/**
 * Queries over the action register: the register itself (GET /actions), the overdue register,
 * escalations awaiting a decision per board, and drift. Time enters as `now` (the caller's
 * injected clock); delivery status and days overdue are computed for its Europe/London date.
 */
export class ActionRegisterQuery {
  constructor(private readonly db: ReadModelDatabase) {}

  async list(
    filter: ActionRegisterFilter,
    paging: PageRequest,
    now: Date,
  ): Promise<ActionRegisterPage> {
    const today = londonDateOf(now.toISOString());
    const page = paging.page ?? 1;
    const pageSize = paging.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(page) || page < 1) throw new RangeError('page must be 1 or more');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be 1 to ${MAX_PAGE_SIZE}`);
    }
    const where = whereOf(filter, today);
    const [{ total }] = await this.db.query<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM action_register ${where.sql}`,
      where.params,
    );
    const rows = await this.db.query<ActionRegisterRow>(
      `SELECT * FROM action_register ${where.sql} ${ORDER} LIMIT ? OFFSET ?`,
      [...where.params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => toItem(r, today)), page, pageSize, total: Number(total) };
  }

  /** Overdue actions today, most overdue first. */
  async overdue(filter: { planId?: string; owner?: string }, now: Date) {
    const today = londonDateOf(now.toISOString());
    const where = whereOf({ ...filter, overdue: true }, today);
    const rows = await this.db.query<ActionRegisterRow>(
      `SELECT * FROM action_register ${where.sql} ORDER BY due_date, ref, action_id`,
      where.params,
    );
    return rows.map((r) => toItem(r, today));
  }

  /** Actions escalated to a board and awaiting its decision, per board (by id), highest level first. */
  async awaitingDecision(
    filter: { planId?: string; boardId?: string },
    now: Date,
  ): Promise<BoardEscalations[]> {
    const today = londonDateOf(now.toISOString());
    const where = whereOf(
      { planId: filter.planId, escalatedTo: filter.boardId, awaitingDecision: true },
      today,
    );
    const rows = await this.db.query<ActionRegisterRow>(
      `SELECT * FROM action_register ${where.sql}
        ORDER BY escalated_to_board_id, escalation_level DESC, ${ORDER.slice('ORDER BY '.length)}`,
      where.params,
    );
    const boards = new Map<string, ActionRegisterItem[]>();
    for (const row of rows) {
      const boardId = row.escalated_to_board_id as string;
      const list = boards.get(boardId) ?? [];
      list.push(toItem(row, today));
      boards.set(boardId, list);
    }
    return [...boards].map(([boardId, actions]) => ({ boardId, actions }));
  }

  /** Re-planned actions (drift): the most days moved first, then the most re-plans. */
  async drift(filter: { planId?: string }, now: Date) {
    const today = londonDateOf(now.toISOString());
    const where = whereOf(filter, today, ['due_date_change_count > 0']);
    const rows = await this.db.query<ActionRegisterRow>(
      `SELECT * FROM action_register ${where.sql}
        ORDER BY total_days_moved DESC, due_date_change_count DESC, ref, action_id`,
      where.params,
    );
    return rows.map((r) => toItem(r, today));
  }
}

function whereOf(filter: ActionRegisterFilter, today: string, extra: string[] = []): Clause {
  const parts: string[] = [...extra];
  const params: SqlValue[] = [];
  const add = (clause: Clause) => {
    parts.push(clause.sql);
    params.push(...clause.params);
  };
  if (filter.planId !== undefined) add({ sql: 'plan_id = ?', params: [filter.planId] });
  if (filter.status && filter.status.length > 0) {
    const clauses = [...new Set(filter.status)].map((s) => statusClause(s, today));
    add({
      sql: `(${clauses.map((c) => c.sql).join(' OR ')})`,
      params: clauses.flatMap((c) => c.params),
    });
  }
  if (filter.owner !== undefined) {
    add({
      sql: '(owner_id = ? OR owner_email_lower = ?)',
      params: [filter.owner, filter.owner.toLowerCase()],
    });
  }
  if (filter.qualityStatement !== undefined) {
    add({ sql: 'quality_statement = ?', params: [filter.qualityStatement] });
  }
  if (filter.overdue === true) add({ sql: OVERDUE, params: [today] });
  if (filter.overdue === false) add({ sql: `NOT ${OVERDUE}`, params: [today] });
  if (filter.escalatedTo !== undefined) {
    add({ sql: 'escalated_to_board_id = ?', params: [filter.escalatedTo] });
  }
  if (filter.awaitingDecision !== undefined) {
    add({ sql: 'awaiting_board_decision = ?', params: [filter.awaitingDecision ? 1 : 0] });
  }
  if (filter.dueFrom !== undefined) add({ sql: 'due_date >= ?', params: [filter.dueFrom] });
  if (filter.dueTo !== undefined) add({ sql: 'due_date <= ?', params: [filter.dueTo] });
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function toItem(row: ActionRegisterRow, today: string): ActionRegisterItem {
  const state = JSON.parse(row.state) as ActionState & RaisedAction;
  return {
    actionId: row.action_id,
    planId: row.plan_id,
    ref: row.ref,
    title: row.title,
    qualityStatement: row.quality_statement,
    priority: row.priority,
    status: row.status,
    deliveryStatus: deliveryStatus(state, today),
    daysOverdue: actionDaysOverdue(state, today),
    owner:
      row.owner_id === null
        ? null
        : { id: row.owner_id, name: row.owner_name ?? '', email: row.owner_email ?? '' },
    dueDate: row.due_date,
    originalDueDate: state.originalDueDate,
    percentComplete: Number(row.percent_complete),
    confidence: row.confidence,
    escalationLevel: Number(row.escalation_level),
    escalatedToBoardId: row.escalated_to_board_id,
    awaitingBoardDecision: Number(row.awaiting_board_decision) === 1,
    dueDateChangeCount: Number(row.due_date_change_count),
    totalDaysMoved: Number(row.total_days_moved),
    netDaysMoved: state.netDaysMoved,
    raisedAt: row.raised_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    position: Number(row.position),
  };
}
