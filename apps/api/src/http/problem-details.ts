/**
 * Errors as RFC 9457 problem details (`application/problem+json`): `status`, `title`, `detail`,
 * plus what a client needs to act: the failing fields, the domain rule, or the versions.
 */
export interface FieldProblem {
  /** Path of the field in the request: `owner.email`, `dueDate`, `If-Match`, `asOf`. */
  field: string;
  /** The rule it breaks, in words. */
  rule: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  rule?: string;
  expectedVersion?: unknown;
  actualVersion?: number;
  requiredPermission?: string;
  dependency?: string;
  [extension: string]: unknown;
}

export const PROBLEM_TYPES = {
  validation: 'urn:asc-engine:problem:invalid-input',
  unauthenticated: 'urn:asc-engine:problem:unauthenticated',
  forbidden: 'urn:asc-engine:problem:forbidden',
  notFound: 'urn:asc-engine:problem:not-found',
  conflict: 'urn:asc-engine:problem:version-conflict',
  rule: 'urn:asc-engine:problem:domain-rule',
  unavailable: 'urn:asc-engine:problem:dependency-unavailable',
  tooLarge: 'urn:asc-engine:problem:payload-too-large',
  unsupportedMedia: 'urn:asc-engine:problem:unsupported-media-type',
  internal: 'urn:asc-engine:problem:internal',
} as const;

/** Thrown by pipes and controllers for 400s that name their fields. */
export class InvalidInputException extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super(errors.map((e) => `${e.field}: ${e.rule}`).join('; '));
    this.name = 'InvalidInputException';
  }
}
