import { InvalidInputException } from '../../http/problem-details';

export class GetPlanQuery {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
    /** Wait (up to 2 s) for the plan summary to hold this position before answering. */
    readonly minPosition?: number,
  ) {}
}

export interface GetPlanResult {
  body: object;
  /** Position the plan summary had reached when read; absent for an as-of replay. */
  position?: number;
}

/** `minPosition` as written in a query string: a whole number, 0 or more. */
export function parseMinPosition(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) {
    throw new InvalidInputException([{ field: 'minPosition', rule: 'must be a whole number' }]);
  }
  return Number(value);
}
