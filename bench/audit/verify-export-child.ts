/**
 * Child of verify-export.bench.ts, so each measure has its own peak RSS: `raw` (paged SELECT +
 * JSON.parse, the baseline), `verify` (every hash chain) or `export` (JSON lines to /dev/null
 * with backpressure, through the same code as GET /audit/events and `engine export`).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startAuditExport } from '@asc/audit';
import { SqliteEventStore } from '@asc/event-store';
import { rawReadLog } from '../event-store/bench-support';

async function main() {
  const [, , mode, dataDir] = process.argv;
  const file = join(dataDir, 'events.sqlite');
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(process.memoryUsage.rss()), 100);
  const started = performance.now();
  let events = 0;
  if (mode === 'raw') events = await rawReadLog({ sqliteFile: file });
  else {
    const store = SqliteEventStore.open({ filename: file });
    if (mode === 'verify') {
      const report = await store.verify();
      if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.firstBroken)}`);
      events = report.events;
    } else {
      const exported = await startAuditExport(
        store,
        { from: null, to: new Date().toISOString(), format: 'jsonl' },
        { actor: 'bench', correlationId: 'bench', channel: 'cli' },
        { onComplete: (summary) => (events = summary.events) },
      );
      await pipeline(
        Readable.from(exported.body, { objectMode: false }),
        createWriteStream('/dev/null'),
      );
    }
    await store.close();
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const quarter = (q: number) =>
    mb(samples[Math.min(samples.length - 1, Math.floor((samples.length * q) / 4))] ?? 0);
  console.log(
    JSON.stringify({
      events,
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      rssQuartersMb: [quarter(1), quarter(2), quarter(3), quarter(4)],
    }),
  );
}

void main();
