import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server the integration tests use; each test file makes its own database on it. */
export const POSTGRES_TEST_ADMIN_URL =
  process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database, dropped by drop(). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `rm_${randomBytes(6).toString('hex')}`;
  await withClient(POSTGRES_TEST_ADMIN_URL, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
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
