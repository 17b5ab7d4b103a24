import { type ActionState, isRaised } from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';

/**
 * The action states the register folded in its latest two batches, by log position, so that the
 * snapshot projection, handed the same page next (a rebuild or catch-up reads the log once for
 * every projection, ADR 12), takes them instead of folding every event with evolveAction again.
 *
 * Sound because both fold the same upcast events with the same evolveAction, each from its own
 * row holding the stream folded up to the previous version (the idempotence rule of ADR 7): the
 * state after an event is a function of the stream up to it, whichever projection computed it.
 * A miss (an older batch, a redelivery the register skipped) only means folding it again.
 */
export class ActionFoldMemo {
  private folded = new Map<number, ActionState>();
  private previous = new Map<number, ActionState>();

  /**
   * Starts a batch, forgetting the one before the previous: the snapshots may still be on the
   * register's previous page (catchUpTogether applies up to two pages at once).
   */
  clear(): void {
    if (this.folded.size === 0) return;
    this.previous = this.folded;
    this.folded = new Map();
  }

  set(event: StoredEvent, state: ActionState): void {
    this.folded.set(event.position, state);
  }

  /** The state after `event`, when the register folded it in one of its latest two batches. */
  get(event: StoredEvent): ActionState | undefined {
    const state = this.folded.get(event.position) ?? this.previous.get(event.position);
    // A position names one event of one store; the action id guards against anything else.
    return state && isRaised(state) && event.stream === `action-${state.actionId}`
      ? state
      : undefined;
  }
}
