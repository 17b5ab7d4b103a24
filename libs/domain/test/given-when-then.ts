import { isDomainRuleViolation, replay, type Decider, type DomainRuleViolation } from '@asc/domain';

/**
 * Given/when/then for deciders:
 *
 *   const { given } = scenarios(actionDecider);
 *   given(...events).when(command).then([...expectedEvents]);
 *   given(...events).when(command).thenRefuses('progress-requires-open-action');
 *   given(...events).when(command).thenNothing();
 *
 * `then` also folds the new events into the state (evolve must accept what decide emits) and
 * returns that state for further checks. The helper remembers every rule id refused and every
 * event type emitted, so a spec can assert that it exercised all of them.
 */
export interface Outcome<E, S> {
  then(expected: readonly E[]): S;
  thenNothing(): S;
  thenRefuses(rule: string, field?: string): DomainRuleViolation;
  /** The state after the decided events, for checks on derived fields. */
  state(): S;
}

export interface Given<C, E, S> {
  when(command: C): Outcome<E, S>;
  /** The state the given events lead to. */
  state(): S;
}

export interface Scenarios<C, E, S> {
  given(...events: E[]): Given<C, E, S>;
  /** Rule ids some scenario saw refused. */
  readonly refused: ReadonlySet<string>;
  /** Event types some scenario saw emitted. */
  readonly emitted: ReadonlySet<string>;
}

export function scenarios<C, E extends { type: string }, S>(
  decider: Decider<C, E, S>,
): Scenarios<C, E, S> {
  const refused = new Set<string>();
  const emitted = new Set<string>();

  function given(...history: E[]): Given<C, E, S> {
    const before = (): S => replay(decider, history);
    return {
      state: before,
      when(command: C): Outcome<E, S> {
        const decide = (): E[] => {
          const events = decider.decide(command, before());
          events.forEach((e) => emitted.add(e.type));
          return events;
        };
        const after = (events: readonly E[]): S => events.reduce(decider.evolve, before());
        return {
          then(expected) {
            const actual = decide();
            expect(actual).toEqual(expected);
            return after(actual);
          },
          thenNothing() {
            const actual = decide();
            expect(actual).toEqual([]);
            return after(actual);
          },
          thenRefuses(rule, field) {
            let outcome: unknown;
            try {
              outcome = decide();
            } catch (error) {
              outcome = error;
            }
            if (!isDomainRuleViolation(outcome)) {
              throw new Error(
                `Expected the rule "${rule}" to refuse the command, but got ${
                  outcome instanceof Error ? outcome.stack : JSON.stringify(outcome)
                }`,
              );
            }
            expect(outcome.rule).toBe(rule);
            expect(outcome.message.trim().length).toBeGreaterThan(10);
            if (field !== undefined) expect(outcome.field).toBe(field);
            refused.add(outcome.rule);
            return outcome;
          },
          state() {
            return after(decide());
          },
        };
      },
    };
  }

  return { given, refused, emitted };
}
