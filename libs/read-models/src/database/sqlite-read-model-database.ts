import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  type ReadModelDatabase,
  type ReadModelTransaction,
  type SqlValue,
} from './read-model-database';
import { READ_MODEL_MIGRATIONS, type ReadModelMigration } from './read-model.migrations';
import { SerialQueue } from './serial-queue';

export interface SqliteReadModelDatabaseOptions {
  /** The database file (`read-models.sqlite` under DATA_DIR), or ':memory:' for tests. */
  filename: string;
  busyTimeoutMs?: number;
  migrations?: readonly ReadModelMigration[];
}

/** Prepared statements kept per connection; dynamic queries have few distinct shapes. */
const STATEMENT_CACHE = 500;

/**
 * Read models in their own SQLite file (WAL), beside the embedded event store. One connection
 * writes, one transaction at a time; queries use a second connection, so that they see committed
 * data only even while a batch is being applied. (An in-memory database has one connection.)
 */
export class SqliteReadModelDatabase implements ReadModelDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
  private readonly queue = new SerialQueue();
  private closed = false;

  private constructor(options: SqliteReadModelDatabaseOptions) {
    const memory = options.filename === ':memory:';
    const filename = memory ? ':memory:' : resolve(options.filename);
    if (!memory) mkdirSync(dirname(filename), { recursive: true });
    const timeout = options.busyTimeoutMs ?? 5000;
    this.writer = new Database(filename, { timeout });
    this.writer.pragma('journal_mode = WAL');
    // Derived data: a commit lost to a power cut takes its checkpoint with it and is re-applied.
    this.writer.pragma('synchronous = NORMAL');
    migrate(this.writer, options.migrations ?? READ_MODEL_MIGRATIONS);
    this.reader = memory ? this.writer : new Database(filename, { timeout });
  }

  /** Opens (creating when missing) the file and brings its schema up to date. */
  static open(options: SqliteReadModelDatabaseOptions): SqliteReadModelDatabase {
    return new SqliteReadModelDatabase(options);
  }

  async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(this.reader, sql).all(...params) as T[];
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  transaction<T>(work: (tx: ReadModelTransaction) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.closed) throw new Error('the read-model database is closed');
      const db = this.writer;
      let open = true;
      const tx: ReadModelTransaction = {
        dialect: this.dialect,
        query: async <R extends object>(sql: string, params: readonly SqlValue[] = []) => {
          if (!open) throw new Error('transaction already finished');
          return this.statement(db, sql).all(...params) as R[];
        },
        run: async (sql: string, params: readonly SqlValue[] = []) => {
          if (!open) throw new Error('transaction already finished');
          return this.statement(db, sql).run(...params).changes;
        },
      };
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        open = false;
        db.exec('COMMIT');
        return result;
      } catch (error) {
        open = false;
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Commits during a full rebuild skip fsync (`synchronous=OFF`): the rebuild's checkpoints commit
   * with its rows, so a killed process resumes it, and a power cut can at worst damage this file
   * of derived data, which is deleted and rebuilt (ADR 12). The end makes everything durable.
   */
  async rebuilding<T>(work: () => Promise<T>): Promise<T> {
    await this.queue.run(async () => void this.writer.pragma('synchronous = OFF'));
    try {
      return await work();
    } finally {
      await this.queue.run(async () => {
        if (this.closed) return;
        this.writer.pragma('synchronous = NORMAL');
        this.writer.pragma('wal_checkpoint(FULL)');
      });
    }
  }

  async ping(): Promise<void> {
    this.reader.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.run(async () => {
      this.closed = true;
      if (this.reader !== this.writer) this.reader.close();
      this.writer.close();
    });
  }

  private statement(db: Database.Database, sql: string): Database.Statement {
    let cache = this.statements.get(db);
    if (!cache) {
      cache = new Map();
      this.statements.set(db, cache);
    }
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }
}

/** Applies the migrations after PRAGMA user_version, each in its own transaction. */
function migrate(db: Database.Database, migrations: readonly ReadModelMigration[]): void {
  const apply = db.transaction((migration: ReadModelMigration) => {
    db.exec(migration.sql.sqlite);
    db.pragma(`user_version = ${migration.version}`);
  });
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    // Read inside the write lock, so that two processes opening the file together agree.
    const step = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (migration.version > current) apply(migration);
    });
    step.immediate();
  }
}
