import { Pool, type PoolClient, TypeOverrides } from 'pg';
import {
  type ReadModelDatabase,
  type ReadModelTransaction,
  type SqlValue,
} from './read-model-database';
import { isPostgresUnavailable, ReadModelUnavailableError } from './read-model.errors';
import { READ_MODEL_MIGRATIONS, type ReadModelMigration } from './read-model.migrations';

export interface PostgresReadModelDatabaseOptions {
  /** postgres://user:password@host:port/database (DATABASE_URL). */
  connectionString: string;
  /** Schema holding the read models; default `rm`. */
  schema?: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  migrations?: readonly ReadModelMigration[];
}

/** Key of the transaction-scoped advisory lock that serialises concurrent migrators. */
export const READ_MODEL_MIGRATION_LOCK_KEY = 0x726d5f6d69677261n; // 'rm_migra'

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Read models in PostgreSQL, in a schema of their own (`rm`) that every connection has as its
 * search_path, so the shared SQL names tables without a schema. Each transaction holds one pooled
 * connection from BEGIN to COMMIT.
 */
export class PostgresReadModelDatabase implements ReadModelDatabase {
  readonly dialect = 'postgres' as const;

  private constructor(private readonly pool: Pool) {}

  /** Connects, brings the schema up to date and returns the database. */
  static async connect(
    options: PostgresReadModelDatabaseOptions,
  ): Promise<PostgresReadModelDatabase> {
    const schema = options.schema ?? 'rm';
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(`schema must be a lower-case SQL identifier, not ${JSON.stringify(schema)}`);
    }
    const types = new TypeOverrides();
    // Positions stay far below 2^53.
    types.setTypeParser(20, Number);
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 5,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      statement_timeout: options.queryTimeoutMs ?? 30_000,
      query_timeout: (options.queryTimeoutMs ?? 30_000) + 2000,
      keepAlive: true,
      types,
      application_name: 'asc-read-models',
      options: `-c search_path=${schema}`,
    });
    // A connection that dies (server restart) must not crash the process: idle ones are dropped by
    // the pool; one checked out between queries fails its next query (ReadModelUnavailableError).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = new PostgresReadModelDatabase(pool);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, schema, options.migrations ?? READ_MODEL_MIGRATIONS);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return db;
  }

  async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await unavailableAs(this.pool.query<T>(numbered(sql), params as SqlValue[]))).rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (
      (await unavailableAs(this.pool.query(numbered(sql), params as SqlValue[]))).rowCount ?? 0
    );
  }

  async transaction<T>(work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    const client = await unavailableAs(this.pool.connect());
    let open = true;
    const check = () => {
      if (!open) throw new Error('transaction already finished');
    };
    const tx: ReadModelTransaction = {
      dialect: this.dialect,
      query: async <R extends object>(sql: string, params: readonly SqlValue[] = []) => {
        check();
        return (await client.query<R>(numbered(sql), params as SqlValue[])).rows;
      },
      run: async (sql: string, params: readonly SqlValue[] = []) => {
        check();
        return (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0;
      },
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      open = false;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      open = false;
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw isPostgresUnavailable(error) ? new ReadModelUnavailableError('postgres', error) : error;
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await unavailableAs(this.pool.query('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connection failures become ReadModelUnavailableError (a 503 for the API); SQL errors stay. */
async function unavailableAs<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw isPostgresUnavailable(error) ? new ReadModelUnavailableError('postgres', error) : error;
  }
}

/** `?` placeholders (the shared SQL) as PostgreSQL's `$1, $2 …`. The SQL holds no literal `?`. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function migrate(
  client: PoolClient,
  schema: string,
  migrations: readonly ReadModelMigration[],
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [
      READ_MODEL_MIGRATION_LOCK_KEY.toString(),
    ]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${schema}".schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`,
    );
    const done = await client.query<{ version: number }>(
      `SELECT version FROM "${schema}".schema_migrations`,
    );
    const applied = new Set(done.rows.map((row) => row.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql.postgres);
      await client.query(
        `INSERT INTO "${schema}".schema_migrations (version, name, applied_at) VALUES ($1, $2, now())`,
        [migration.version, migration.name],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
