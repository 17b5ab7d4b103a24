import {
  ACTION_REPORT_FOLD_VERSION,
  type ActionHistory,
  type ActionHistoryEvent,
  type ActionReportFold,
  foldActionReportEvent,
  initialActionReportFold,
} from '@asc/board-report';
import { actionStreamName, upcastEvent } from '@asc/domain';
import { type EventStore, type StoredEventBody } from '@asc/event-store';
import { readCheckpoint } from '../checkpoints';
import { type ReadModelDatabase } from '../database/read-model-database';
import { versionedTable } from '../projection';
import { ACTION_STREAM_PREFIX } from '../projections/action-register.projection';
import {
  ACTION_SNAPSHOTS_TABLE,
  type ActionSnapshotRow,
} from '../projections/action-snapshot.projection';

const SNAPSHOTS = 'action-snapshots';
const TABLE = versionedTable(ACTION_SNAPSHOTS_TABLE.name, ACTION_REPORT_FOLD_VERSION);
/** Page size when reading the log past the snapshots' checkpoint. */
const SCAN_PAGE = 5000;

/** An action folded as of a moment. */
export interface ActionAsOf {
  fold: ActionReportFold;
  /** Global position of the last event folded (0 when none). */
  position: number;
}

/** The stored event as the fold reads it: upcast to the current shape. */
function historyEvent(event: StoredEventBody): ActionHistoryEvent {
  const { type, data, recordedAt, version } = upcastEvent(event);
  return { type, data, recordedAt, version };
}

/**
 * Actions as they stood at any past moment, from the log: the latest snapshot recorded at or
 * before the moment (the action-snapshots projection, this fold version's table only) and the
 * stream's events after it up to the moment, read from the event store and folded with the same
 * foldActionReportEvent (evolveAction) the snapshots were made with. The answer is the full
 * replay's: snapshots only save folding a prefix again, and events the projection has not seen
 * yet are read from the log (ADR 10).
 */
export class AsOfQuery {
  constructor(
    private readonly db: ReadModelDatabase,
    private readonly store: EventStore,
  ) {}

  /** One action up to `asOf` (an ISO instant); its fold is unraised when it did not exist then. */
  async action(actionId: string, asOf: string): Promise<ActionAsOf> {
    const until = new Date(asOf).toISOString();
    const snapshot = (await this.snapshotsReady())
      ? (
          await this.db.query<ActionSnapshotRow>(
            `SELECT version, position, fold FROM ${TABLE}
              WHERE action_id = ? AND recorded_at <= ? ORDER BY version DESC LIMIT 1`,
            [actionId, until],
          )
        )[0]
      : undefined;
    let fold = snapshot ? (JSON.parse(snapshot.fold) as ActionReportFold) : initialActionReportFold;
    let position = snapshot ? Number(snapshot.position) : 0;
    const [tail] = await this.store.readStreamTails(
      [{ stream: actionStreamName(actionId), fromVersion: fold.version + 1 }],
      until,
    );
    for (const event of tail) {
      fold = foldActionReportEvent(fold, historyEvent(event));
      position = event.position;
    }
    return { fold, position };
  }

  /**
   * Every action of the plan that existed at `asOf`, as a snapshot and the events after it (for
   * buildBoardReport, which folds the rest). Actions raised after the snapshots' checkpoint are
   * found by reading the log past it.
   */
  async planActions(planId: string, asOf: string): Promise<ActionHistory[]> {
    const until = new Date(asOf).toISOString();
    // The checkpoint first: every row read afterwards holds at least what it covers.
    const checkpoint = await this.snapshotCheckpoint();
    const rows =
      checkpoint === undefined
        ? []
        : await this.db.query<{
            action_id: string;
            head: number;
            picked: number | null;
            fold: string | null;
          }>(
            `SELECT h.action_id, h.head, h.picked, s.fold
               FROM (SELECT action_id, max(version) AS head,
                            max(CASE WHEN recorded_at <= ? THEN version END) AS picked
                       FROM ${TABLE} WHERE plan_id = ? GROUP BY action_id) h
               LEFT JOIN ${TABLE} s ON s.action_id = h.action_id AND s.version = h.picked`,
            [until, planId],
          );
    const histories = new Map<string, { base?: ActionReportFold; events: ActionHistoryEvent[] }>();
    /** Streams whose events past the checkpoint come from the scan of the log. */
    const followed = new Set<string>();
    /** Streams of this plan with no event by asOf, or whose tail is read on its own. */
    const known = new Set<string>();
    const tails: { actionId: string; fromVersion: number }[] = [];
    for (const row of rows) {
      known.add(row.action_id);
      // Its first event was recorded after asOf: not raised then (evolve ignores the rest).
      if (row.picked === null || row.fold === null) continue;
      const base = JSON.parse(row.fold) as ActionReportFold;
      histories.set(row.action_id, { base, events: [] });
      if (Number(row.picked) === Number(row.head)) followed.add(row.action_id);
      else tails.push({ actionId: row.action_id, fromVersion: base.version + 1 });
    }
    await this.readTails(tails, until, histories);
    await this.scanPast(checkpoint ?? 0, planId, until, { histories, followed, known });
    return [...histories].map(([actionId, h]) => ({ actionId, ...h }));
  }

  private async readTails(
    tails: readonly { actionId: string; fromVersion: number }[],
    until: string,
    histories: Map<string, { events: ActionHistoryEvent[] }>,
  ): Promise<void> {
    const read = await this.store.readStreamTails(
      tails.map((t) => ({ stream: actionStreamName(t.actionId), fromVersion: t.fromVersion })),
      until,
    );
    for (let i = 0; i < tails.length; i++) {
      const events = histories.get(tails[i].actionId)?.events;
      if (events) for (const event of read[i]) events.push(historyEvent(event));
    }
  }

  /** Events the snapshots do not hold yet: of followed streams, and of actions raised since. */
  private async scanPast(
    checkpoint: number,
    planId: string,
    until: string,
    into: {
      histories: Map<string, { base?: ActionReportFold; events: ActionHistoryEvent[] }>;
      followed: Set<string>;
      known: Set<string>;
    },
  ): Promise<void> {
    const untilMs = Date.parse(until);
    for (let after = checkpoint; ;) {
      const page = await this.store.readAll({ after, limit: SCAN_PAGE });
      if (page.length === 0) return;
      after = page[page.length - 1].position;
      for (const stored of page) {
        if (!stored.stream.startsWith(ACTION_STREAM_PREFIX)) continue;
        const actionId = stored.stream.slice(ACTION_STREAM_PREFIX.length);
        if (!into.followed.has(actionId)) {
          if (into.known.has(actionId)) continue;
          const event = upcastEvent(stored);
          into.known.add(actionId);
          const raisedHere =
            event.type === 'ActionRaised' &&
            (event.data as { planId?: unknown }).planId === planId &&
            Date.parse(event.recordedAt) <= untilMs;
          if (!raisedHere) continue;
          into.followed.add(actionId);
          into.histories.set(actionId, { events: [] });
        }
        if (Date.parse(stored.recordedAt) > untilMs) continue;
        const history = into.histories.get(actionId);
        const base = history?.base?.version ?? -1;
        if (history && stored.version > base) history.events.push(historyEvent(stored));
      }
    }
  }

  /** Whether this fold version's snapshots table exists (its runner has started once). */
  private async snapshotsReady(): Promise<boolean> {
    return (await this.snapshotCheckpoint()) !== undefined;
  }

  private async snapshotCheckpoint(): Promise<number | undefined> {
    return (await readCheckpoint(this.db, SNAPSHOTS, ACTION_REPORT_FOLD_VERSION))?.position;
  }
}
