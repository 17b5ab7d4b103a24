import { setImmediate as nextTurn } from 'node:timers/promises';
import { GENESIS_HASH, eventHash } from './event-hash';
import { type EventStore, type VerifyOptions, type VerifyReport } from './event-store.port';

const PAGE = 5000;

/**
 * Recomputes every stream's hash chain from the global log, one page at a time (memory holds one
 * page and one hash per stream), and stops at the first event that no longer matches. It yields
 * to the event loop between pages: a store that reads synchronously (SQLite) would otherwise hold
 * an HTTP server still for the whole check.
 */
export async function verifyEventLog(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const last = new Map<string, { version: number; hash: string }>();
  const head = await store.headPosition();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      const previous = last.get(event.stream) ?? { version: -1, hash: GENESIS_HASH };
      const broken = {
        stream: event.stream,
        version: event.version,
        position: event.position,
        eventId: event.eventId,
      };
      if (event.version !== previous.version + 1) {
        return {
          ok: false,
          streams: last.size,
          events,
          firstBroken: { ...broken, reason: 'version-gap' },
        };
      }
      // The hash covers metadata.recordedAt; the column beside it is what `until` (as-of replay)
      // filters on, so the two must agree.
      if (event.recordedAt !== event.metadata.recordedAt) {
        return {
          ok: false,
          streams: last.size,
          events,
          firstBroken: { ...broken, reason: 'recorded-at-mismatch' },
        };
      }
      const expectedHash = eventHash(previous.hash, event);
      if (expectedHash !== event.hash) {
        return {
          ok: false,
          streams: last.size,
          events,
          firstBroken: { ...broken, reason: 'hash-mismatch', expectedHash, storedHash: event.hash },
        };
      }
      last.set(event.stream, { version: event.version, hash: event.hash });
      events++;
    }
    after = page[page.length - 1].position;
    options.onProgress?.(events, head);
    await nextTurn();
  }
  return { ok: true, streams: last.size, events };
}
