/** A path id that names nothing (or nothing yet at `asOf`): 404. */
export class NotFoundError extends Error {
  constructor(
    readonly resource: 'action' | 'plan' | 'board',
    readonly id: string,
    /** The moment asked about, when the resource exists now but did not then. */
    readonly asOf?: string,
  ) {
    super(
      asOf === undefined
        ? `No ${resource} with id ${id}`
        : `No such ${resource} at that time: ${resource} ${id} did not exist at ${asOf}`,
    );
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
