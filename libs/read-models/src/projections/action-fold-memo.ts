import { type ActionState } from '@asc/domain';
import { type StoredEvent } from '@asc/event-store';

interface Folded {
  stream: string;
  version: number;
  state: ActionState;
}

/**
 * The action states the register folded in its latest batch, by log position, so that the
 * snapshot projection, handed the same page next (a rebuild or catch-up reads the log once for
 * every projection, ADR 12), takes them instead of folding every event with evolveAction again.
 *
 * Sound because both fold the same upcast events with the same evolveAction, each from its own
 * row holding the stream folded up to the previous version (the idempotence rule of ADR 7): the
 * state after an event is a function of the stream up to it, whichever projection computed it.
 * A miss (another batch, a redelivery the register skipped) only means folding it again.
 */
export class ActionFoldMemo {
  private folded = new Map<number, Folded>();

  /** Forgets the previous batch: the memo holds one batch at most. */
  clear(): void {
    if (this.folded.size > 0) this.folded = new Map();
  }

  set(event: StoredEvent, state: ActionState): void {
    this.folded.set(event.position, { stream: event.stream, version: event.version, state });
  }

  /** The state after `event`, when the register folded it in its latest batch. */
  get(event: StoredEvent): ActionState | undefined {
    const hit = this.folded.get(event.position);
    return hit && hit.stream === event.stream && hit.version === event.version
      ? hit.state
      : undefined;
  }
}
