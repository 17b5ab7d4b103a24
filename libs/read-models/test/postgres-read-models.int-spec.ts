import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@asc/event-store';
import {
  ActionRegisterProjection,
  CheckpointMovedError,
  createReadModelDatabase,
  PostgresReadModelDatabase,
  ProjectionRunner,
  ReadModelUnavailableError,
} from '../src';
import { describeReadModelContract } from './read-model.contract';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../test/support/postgres-test-database';
import { alice, appendAction, dueDateSet, ownerAssigned, raised } from './read-model-fixtures';

jest.setTimeout(60_000);

let pg: TestDatabase;
let schemas = 0;

beforeAll(async () => {
  pg = await createTestDatabase('rm');
});

afterAll(async () => {
  await pg?.drop();
});

describeReadModelContract('PostgreSQL', async () => {
  schemas++;
  const schema = `rm_t${schemas}`;
  const store = await PostgresEventStore.connect({
    connectionString: pg.url,
    schema: `es_t${schemas}`,
    gapWaitMs: 200,
  });
  const open = () => PostgresReadModelDatabase.connect({ connectionString: pg.url, schema });
  const db = await open();
  return {
    db,
    store,
    reopen: open,
    async cleanup() {
      await db.close();
      await store.close();
    },
  };
});

describe('PostgreSQL read-model schema', () => {
  it('is made once in schema rm, even by several processes starting together', async () => {
    const dbs = await Promise.all(
      [1, 2, 3].map(() =>
        createReadModelDatabase({ eventStore: 'esdb', dataDir: '.', databaseUrl: pg.url }),
      ),
    );
    try {
      expect(dbs.every((d) => d.dialect === 'postgres')).toBe(true);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        const tables = await client.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'rm' ORDER BY 1`,
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual([
          'action_register',
          'action_register_v1',
          'checkpoints',
          'plan_summary',
          'plan_summary_v1',
          'projection_versions',
          'schema_migrations',
        ]);
        const migrations = await client.query(
          'SELECT version FROM rm.schema_migrations ORDER BY version',
        );
        expect(migrations.rows).toEqual([{ version: 1 }, { version: 2 }]);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });
});

describe('PostgreSQL: two processes running the same projection', () => {
  it('take turns on the checkpoint: a batch is applied once', async () => {
    const store = await PostgresEventStore.connect({
      connectionString: pg.url,
      schema: 'es_race',
      gapWaitMs: 200,
    });
    const open = () =>
      PostgresReadModelDatabase.connect({ connectionString: pg.url, schema: 'rm_race' });
    const [one, two] = [await open(), await open()];
    try {
      const id = randomUUID();
      await appendAction(store, id, raised(id), ownerAssigned(alice), dueDateSet('2025-04-30'));
      const events = await store.readAll();
      const a = new ProjectionRunner(one, store, new ActionRegisterProjection());
      const b = new ProjectionRunner(two, store, new ActionRegisterProjection());
      await a.loadCheckpoint();
      await b.loadCheckpoint();
      const results = await Promise.allSettled([a.handle(events), b.handle(events)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(CheckpointMovedError);
      const rows = await one.query<{ version: number }>('SELECT version FROM action_register');
      expect(rows).toEqual([{ version: 2 }]);
    } finally {
      await Promise.all([one.close(), two.close(), store.close()]);
    }
  });
});

describe('PostgreSQL read models unreachable', () => {
  it('queries fail with ReadModelUnavailableError (the API answers 503)', async () => {
    const db = await PostgresReadModelDatabase.connect({
      connectionString: pg.url,
      schema: 'rm_gone',
    });
    await db.close();
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(ReadModelUnavailableError);
    await expect(db.transaction(async () => 1)).rejects.toBeInstanceOf(ReadModelUnavailableError);
  });
});
