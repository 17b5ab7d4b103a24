import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@asc/event-store';
import { createReadModelDatabase, SQLITE_READ_MODELS_FILE, SqliteReadModelDatabase } from '../src';
import { describeReadModelContract } from './read-model.contract';

describeReadModelContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rm-sqlite-'));
  const filename = join(dir, SQLITE_READ_MODELS_FILE);
  const store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  const db = SqliteReadModelDatabase.open({ filename });
  return {
    db,
    store,
    reopen: async () => SqliteReadModelDatabase.open({ filename }),
    async cleanup() {
      await db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite read-model file', () => {
  it('lives in read-models.sqlite under DATA_DIR, in WAL mode, versioned by user_version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rm-sqlite-'));
    try {
      const db = await createReadModelDatabase({ eventStore: 'sqlite', dataDir: dir });
      expect(db.dialect).toBe('sqlite');
      await db.close();
      const raw = new Database(join(dir, SQLITE_READ_MODELS_FILE));
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(2);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants DATABASE_URL when the events are elsewhere', async () => {
    await expect(createReadModelDatabase({ eventStore: 'esdb', dataDir: '.' })).rejects.toThrow(
      /DATABASE_URL/,
    );
  });
});
