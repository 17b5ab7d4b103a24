/** The read-model database cannot be reached (or did not answer in time): retry later (503). */
export class ReadModelUnavailableError extends Error {
  constructor(
    readonly dialect: 'sqlite' | 'postgres',
    override readonly cause: unknown,
  ) {
    super(
      `The read-model database (${dialect}) is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'ReadModelUnavailableError';
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);
/** Connection exceptions, bad credentials, no such database, too many connections, timeouts, shutdowns. */
const UNAVAILABLE_SQLSTATE = /^(08...|28...|3D000|53300|57014|57P0[1-5])$/;
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Client was closed|Connection closed|after calling end on the pool|terminating connection/i;

/** True for PostgreSQL failures that say "the database is not there", not "this SQL is wrong". */
export function isPostgresUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (
    typeof e.code === 'string' &&
    (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))
  )
    return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  return Array.isArray(e.errors) && e.errors.some(isPostgresUnavailable);
}
