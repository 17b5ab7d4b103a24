import 'reflect-metadata';
import { Command } from 'commander';
import { ConfigurationError } from '@asc/config';
import { registerBackupCommand } from './backup/backup.command';
import { registerExportCommand } from './export/export.command';
import { registerRebuildCommand } from './rebuild/rebuild.command';
import { registerSeedCommand } from './seed/seed.command';
import { registerTokenCommand } from './token/token.command';
import { registerVerifyCommand } from './verify/verify.command';

const program = new Command()
  .name('engine')
  .description(
    'Operations on the action-plan engine: tokens, demo data, integrity checks, audit exports, read-model rebuilds and backups.',
  )
  .showHelpAfterError();

registerVerifyCommand(program);
registerBackupCommand(program);
registerTokenCommand(program);
registerSeedCommand(program);
registerRebuildCommand(program);
registerExportCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(
    error instanceof ConfigurationError || error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
