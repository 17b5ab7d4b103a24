import { type ActionState, isRaised } from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';

/** The states folded in one batch, by ascending position (positions may be sparse, ADR 5). */
interface FoldedBatch {
  positions: number[];
  /** Emptied as they are taken, so that a page's intermediate states die young. */
  states: (ActionState | undefined)[];
  /** Where the next lookup starts: the snapshots ask in the order the register folded. */
  next: number;
}

const ACTION_STREAM = 'action-';

const batch = (): FoldedBatch => ({ positions: [], states: [], next: 0 });

/**
 * The action states the register folded in its latest two batches, by log position, so that the
 * snapshot projection, handed the same page next (a rebuild or catch-up reads the log once for
 * every projection, ADR 12), takes them instead of folding every event with evolveAction again.
 *
 * Sound because both fold the same upcast events with the same evolveAction, each from its own
 * row holding the stream folded up to the previous version (the idempotence rule of ADR 7): the
 * state after an event is a function of the stream up to it, whichever projection computed it.
 * A miss (an older batch, a redelivery the register skipped) only means folding it again.
 *
 * Kept in arrays in position order rather than a Map: a rebuild sets and gets a million of them,
 * nearly always in the same order.
 */
export class ActionFoldMemo {
  private folded = batch();
  private previous = batch();

  /**
   * Starts a batch, forgetting the one before the previous: the snapshots may still be on the
   * register's previous page (catchUpTogether applies up to two pages at once).
   */
  clear(): void {
    if (this.folded.states.length === 0) return;
    this.previous = this.folded;
    this.folded = batch();
  }

  set(event: StoredEvent, state: ActionState): void {
    const { positions, states } = this.folded;
    // Positions only grow within a batch; anything else is not remembered (a miss folds again).
    if (positions.length > 0 && positions[positions.length - 1] >= event.position) return;
    positions.push(event.position);
    states.push(state);
  }

  /**
   * The state after `event`, when the register folded it in one of its latest two batches. Each
   * is handed out once: the snapshots take it, and a second ask (a retried batch) folds again.
   */
  get(event: StoredEvent): ActionState | undefined {
    const state = at(this.folded, event.position) ?? at(this.previous, event.position);
    // A position names one event of one store; the action id guards against anything else.
    return state && isRaised(state) && isStreamOf(event.stream, state.actionId) ? state : undefined;
  }
}

function at(folded: FoldedBatch, position: number): ActionState | undefined {
  const { positions } = folded;
  let index = folded.next;
  if (positions[index] !== position) {
    // Not the next one in order: binary search.
    let low = 0;
    let high = positions.length - 1;
    index = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (positions[middle] < position) low = middle + 1;
      else if (positions[middle] > position) high = middle - 1;
      else {
        index = middle;
        break;
      }
    }
    if (index < 0) return undefined;
  }
  folded.next = index + 1;
  const state = folded.states[index];
  folded.states[index] = undefined;
  return state;
}

/** `stream === 'action-' + actionId`, without building the string for every event. */
function isStreamOf(stream: string, actionId: string): boolean {
  return (
    stream.length === ACTION_STREAM.length + actionId.length &&
    stream.startsWith(ACTION_STREAM) &&
    stream.endsWith(actionId)
  );
}
