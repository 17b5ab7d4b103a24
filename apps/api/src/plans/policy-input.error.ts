import { isDomainRuleViolation } from '@asc/domain';
import { InvalidInputException } from '../http/problem-details';

/**
 * The policy's own rules (a duration that is not one, steps out of order, a level with no board)
 * are about what the client sent, not about the plan's history: answer 400 naming the field, as
 * for any other bad input. validateChasingPolicy stays the one place these rules live.
 */
const POLICY_INPUT_RULES: readonly string[] = [
  'invalid-duration',
  'invalid-chasing-policy',
  'policy-level-without-board',
];

export function policyInputError(error: unknown): InvalidInputException | undefined {
  if (!isDomainRuleViolation(error) || !POLICY_INPUT_RULES.includes(error.rule)) return undefined;
  return new InvalidInputException([{ field: error.field ?? 'policy', rule: error.message }]);
}
