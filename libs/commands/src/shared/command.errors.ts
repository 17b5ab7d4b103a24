/** A path id that names nothing: 404. */
export class NotFoundError extends Error {
  constructor(
    readonly resource: 'action' | 'plan' | 'board',
    readonly id: string,
  ) {
    super(`No ${resource} with id ${id}`);
    this.name = 'NotFoundError';
  }
}

/** The caller's role allows the command in general but not on this record: 403. */
export class PermissionDeniedError extends Error {
  constructor(
    readonly permission: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermissionDeniedError';
  }
}

/** The same Idempotency-Key was sent with a different request: 422. */
export class IdempotencyKeyReusedError extends Error {
  readonly rule = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
