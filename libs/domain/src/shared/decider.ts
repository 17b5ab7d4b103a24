/**
 * The decider pattern: `decide` turns a command and the current state into the events to append
 * (or throws a DomainRuleViolation); `evolve` folds one event into the state. Both are pure: no
 * clock, no randomness, no I/O. Time and identities enter only through commands.
 */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** The state after applying `events`, in order, to the decider's initial state. */
export function replay<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}
