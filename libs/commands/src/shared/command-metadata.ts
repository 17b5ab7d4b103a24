/** Who sent a command and how to treat a retry; becomes the events' metadata. */
export interface CommandMetadata {
  /** Subject id of the person, or `system:<component>`. */
  actor: string;
  /** The person's name from their token, stored beside the id so the history reads in names. */
  actorName?: string;
  commandId: string;
  correlationId: string;
  /** The message this command answers (defaults to the command itself). */
  causationId?: string;
  /** From `If-Match`: the version the client last saw; a different current version is a 409. */
  expectedVersion?: number;
  /** From `Idempotency-Key`: a retry with the same key returns the first answer. */
  idempotencyKey?: string;
  /** Hash of the request, so that a key reused for a different request is refused. */
  requestFingerprint?: string;
}

export interface CommandResult {
  stream: string;
  /** The stream's version after the command. */
  version: number;
  /** Global position of the command's last event: a query given it reads its own write. */
  position: number;
  /** True when this answer is the replay of an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
}
