import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server the integration tests use; each test file makes its own database on it. */
export const POSTGRES_TEST_ADMIN_URL =
  process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs one statement (or a script) as the administrator, in this database. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database, so that parallel test runs never see each other's data.
 * `prefix` says whose it is when one is left behind (es_ event store, rm_ read models…).
 */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(POSTGRES_TEST_ADMIN_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    sql: (text, values) =>
      withClient(url.toString(), async (client) => (await client.query(text, values)).rows),
    drop: () =>
      withClient(POSTGRES_TEST_ADMIN_URL, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}

async function withClient<R>(url: string, work: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
