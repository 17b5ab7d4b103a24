import { randomUUID } from 'node:crypto';
import { createWriteStream, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command } from 'commander';
import {
  ExportRequestError,
  type ExportSummary,
  parseExportRequest,
  startAuditExport,
} from '@asc/audit';
import { openConfiguredStore } from '../shared/open-store';
import { progress } from '../shared/progress';

interface ExportOptions {
  from?: string;
  to?: string;
  format: string;
  out?: string;
  actor?: string;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'Write the events recorded from --from to --to as JSON lines or CSV, read in pages (flat ' +
        'memory). The export itself is recorded as events (AuditExportStarted / AuditExportCompleted).',
    )
    .option(
      '--from <datetime>',
      'ISO date-time with offset, e.g. 2025-04-01T00:00:00+01:00 (default: the start of the log)',
    )
    .option('--to <datetime>', 'ISO date-time with offset (default: now)')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'file to write (default: standard output)')
    .option(
      '--actor <id>',
      'who is exporting, recorded as the actor (default: os-user:<your login>)',
    )
    .action(async (options: ExportOptions) => {
      let request;
      try {
        request = parseExportRequest(options, new Date());
      } catch (error) {
        if (!(error instanceof ExportRequestError)) throw error;
        throw new Error(error.problems.map((p) => `--${p.field} ${p.rule}`).join('\n'));
      }
      const store = await openConfiguredStore();
      try {
        const head = await store.headPosition();
        const bar = progress('exported', head);
        let summary: ExportSummary | undefined;
        const exported = await startAuditExport(
          store,
          request,
          {
            actor: options.actor ?? `os-user:${userInfo().username}`,
            correlationId: randomUUID(),
            channel: 'cli',
          },
          {
            onProgress: (position) => bar.update(Math.min(position, head)),
            onComplete: (done) => (summary = done),
          },
        );
        const out = options.out && options.out !== '-' ? options.out : undefined;
        try {
          await pipeline(
            Readable.from(exported.body, { objectMode: false }),
            out ? createWriteStream(out) : process.stdout,
          );
        } catch (error) {
          // A partial file is not the export: the log shows it started and never completed.
          if (out) rmSync(out, { force: true });
          throw error;
        }
        bar.stop();
        console.error(
          `exported ${summary!.events} events (${summary!.bytes} bytes, sha256 ${summary!.sha256}) ` +
            `to ${out ?? 'standard output'}; recorded as export ${exported.exportId}`,
        );
      } finally {
        await store.close();
      }
    });
}
