import {
  evolvePlan,
  initialPlanState,
  isCreated,
  isPlanEventType,
  type PlanEvent,
  type PlanState,
} from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';
import { type ReadModelDialect, type ReadModelTransaction } from '../database/read-model-database';
import { emptyTable } from '../database/multi-row';
import { type Projection, type ProjectionTable, versionedTable } from '../projection';

export const PLAN_STREAM_PREFIX = 'plan-';

export interface PlanSummaryRow {
  plan_id: string;
  authority: string;
  title: string;
  created_at: string;
  updated_at: string;
  version: number;
  position: number;
  /** The plan folded with evolvePlan, as JSON; latest scores and overall come from it at query time. */
  state: string;
}

/** The plan summary table of one version (queries read the view `plan_summary`). */
export const PLAN_SUMMARY_TABLE: ProjectionTable = {
  name: 'plan_summary',
  ddl: (t: string, _dialect: ReadModelDialect) => [
    `CREATE TABLE IF NOT EXISTS ${t} (
      plan_id    text PRIMARY KEY,
      authority  text    NOT NULL,
      title      text    NOT NULL,
      created_at text    NOT NULL,
      updated_at text    NOT NULL,
      version    integer NOT NULL,
      position   bigint  NOT NULL,
      state      text    NOT NULL
    )`,
  ],
};

function isPlanEvent(event: StoredEvent): boolean {
  return event.stream.startsWith(PLAN_STREAM_PREFIX) && isPlanEventType(event.type);
}

/** The plan summary: one row per plan with its folded state. Idempotent per event, as the register. */
export class PlanSummaryProjection implements Projection {
  readonly name: string = 'plan-summary';
  readonly version: number = 1;
  readonly tables: readonly ProjectionTable[] = [PLAN_SUMMARY_TABLE];

  protected get table(): string {
    return versionedTable(PLAN_SUMMARY_TABLE.name, this.version);
  }

  /**
   * Plan events are a handful in a page of action events: picking them out first spares a
   * promise and an await per action event (a rebuild hands this a million of them).
   */
  async applyBatch(tx: ReadModelTransaction, events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) if (isPlanEvent(event)) await this.apply(tx, event);
  }

  async apply(tx: ReadModelTransaction, event: StoredEvent): Promise<void> {
    if (!isPlanEvent(event)) return;
    const planId = event.stream.slice(PLAN_STREAM_PREFIX.length);
    const [row] = await tx.query<Pick<PlanSummaryRow, 'state' | 'version' | 'created_at'>>(
      `SELECT state, version, created_at FROM ${this.table} WHERE plan_id = ?`,
      [planId],
    );
    if (row && Number(row.version) >= event.version) return;
    const before: PlanState = row ? (JSON.parse(row.state) as PlanState) : initialPlanState;
    const after = evolvePlan(before, {
      type: event.type,
      data: event.data,
    } as unknown as PlanEvent);
    if (!isCreated(after)) return;
    await tx.run(
      `INSERT INTO ${this.table} (plan_id, authority, title, created_at, updated_at, version, position, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (plan_id) DO UPDATE SET authority = excluded.authority, title = excluded.title,
         updated_at = excluded.updated_at, version = excluded.version, position = excluded.position,
         state = excluded.state`,
      [
        planId,
        after.authority,
        after.title,
        row?.created_at ?? event.recordedAt,
        event.recordedAt,
        event.version,
        event.position,
        JSON.stringify(after),
      ],
    );
  }

  async reset(tx: ReadModelTransaction): Promise<void> {
    await emptyTable(tx, this.table);
  }
}
