import { type RuleId } from './rule-ids';

/**
 * A rule of the domain refused a command. `rule` is a stable id (see rule-ids.ts), `message` is
 * plain English for people, `field` names the offending command field when there is one.
 * The deciders throw it; nothing has been appended when it is thrown.
 */
export class DomainRuleViolation<R extends RuleId = RuleId> extends Error {
  override readonly name = 'DomainRuleViolation';
  readonly rule: R;
  readonly field: string | undefined;

  constructor(rule: R, message: string, field?: string) {
    super(message);
    this.rule = rule;
    this.field = field;
  }

  toJSON(): { rule: R; message: string; field?: string } {
    return this.field === undefined
      ? { rule: this.rule, message: this.message }
      : { rule: this.rule, message: this.message, field: this.field };
  }
}

export function isDomainRuleViolation(error: unknown): error is DomainRuleViolation {
  return error instanceof DomainRuleViolation;
}

/** Throw a DomainRuleViolation. Typed `never` so callers narrow after it. */
export function refuse<R extends RuleId>(rule: R, message: string, field?: string): never {
  throw new DomainRuleViolation(rule, message, field);
}
