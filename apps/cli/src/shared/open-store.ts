import { eventStoreSettings, loadEngineConfig } from '@asc/config';
import { createEventStore, type EventStore } from '@asc/event-store';

/** The event store the engine is configured with, from the same environment variables. */
export async function openConfiguredStore(): Promise<EventStore> {
  const config = loadEngineConfig(process.env);
  return createEventStore(eventStoreSettings(config));
}

/** A progress line that rewrites itself on a terminal and prints plain lines elsewhere. */
export function progressReporter(label: string): (done: number, total: number) => void {
  const started = Date.now();
  let lastLine = 0;
  return (done, total) => {
    const now = Date.now();
    if (!process.stderr.isTTY && now - lastLine < 2000 && done < total) return;
    lastLine = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    const line = `${label}: ${done.toLocaleString('en-GB')} events, ${Math.round(rate).toLocaleString('en-GB')}/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else process.stderr.write(`${line}\n`);
  };
}
