import { type Command } from 'commander';
import { describeBrokenEvent } from '@asc/audit';
import { openConfiguredStore } from '../shared/open-store';
import { progress } from '../shared/progress';

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'Recompute every hash chain and report the first event whose stored content no longer matches.',
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const store = await openConfiguredStore();
      try {
        const bar = progress('verified', await store.headPosition());
        const report = await store.verify({ onProgress: (checked) => bar.update(checked) });
        bar.stop();
        if (options.json) console.log(JSON.stringify(report, null, 2));
        else if (report.ok)
          console.log(
            `OK: ${report.events} events in ${report.streams} streams, every chain intact.`,
          );
        else {
          const b = report.firstBroken!;
          console.log(
            `BROKEN: ${b.stream} version ${b.version} (position ${b.position}, event ${b.eventId}): ${b.reason}` +
              (b.storedHash ? `; stored hash ${b.storedHash}, recomputed ${b.expectedHash}` : ''),
          );
          console.log(describeBrokenEvent(b));
        }
        process.exitCode = report.ok ? 0 : 2;
      } finally {
        await store.close();
      }
    });
}
