import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Command } from 'commander';
import { loadEngineConfig } from '@asc/config';
import { SQLITE_EVENTS_FILE } from '@asc/event-store';

export function registerBackupCommand(program: Command): void {
  program
    .command('backup <file>')
    .description(
      'Copy the embedded SQLite event store to <file> while the engine runs (SQLite online backup). ' +
        'For PostgreSQL use pg_dump; for EventStoreDB its own backup procedure.',
    )
    .action(async (file: string) => {
      const config = loadEngineConfig(process.env);
      if (config.EVENT_STORE !== 'sqlite') {
        throw new Error(
          `backup copies the embedded SQLite store; EVENT_STORE is ${config.EVENT_STORE}`,
        );
      }
      const source = new Database(join(config.DATA_DIR, SQLITE_EVENTS_FILE), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        await source.backup(resolve(file));
        console.log(`backed up ${join(config.DATA_DIR, SQLITE_EVENTS_FILE)} to ${resolve(file)}`);
      } finally {
        source.close();
      }
    });
}
