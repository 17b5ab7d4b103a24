import { type Command } from 'commander';
import { loadEngineConfig } from '@asc/config';
import { createReadModelDatabase, ReadModels } from '@asc/read-models';
import { openConfiguredStore } from '../shared/open-store';
import { progress } from '../shared/progress';

export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description(
      'Drop every read model and rebuild it from the event log (the log is the only truth). ' +
        'Stop the engine first: a running engine would keep projecting into the same tables.',
    )
    .action(async () => {
      const config = loadEngineConfig(process.env);
      const store = await openConfiguredStore();
      const db = await createReadModelDatabase({
        eventStore: config.EVENT_STORE,
        dataDir: config.DATA_DIR,
        databaseUrl: config.DATABASE_URL,
      });
      try {
        const readModels = new ReadModels(db, store);
        const head = await store.headPosition();
        const bar = progress('rebuilt', head);
        const timer = setInterval(() => bar.update(Math.min(head, readModels.position())), 250);
        const started = Date.now();
        try {
          await readModels.rebuild();
        } finally {
          clearInterval(timer);
        }
        bar.update(readModels.position());
        bar.stop();
        console.log(
          `rebuilt ${readModels.runners.map((r) => r.name).join(', ')} up to position ${readModels.position()} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
      } finally {
        await db.close();
        await store.close();
      }
    });
}
