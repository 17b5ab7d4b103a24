import { type EventStore, type StoredEvent } from '@asc/event-store';
import { type ProjectionRunner } from './projection-runner';

/**
 * Events per page when catching up several runners at once: big enough that each projection
 * writes a touched row about once per page, small enough to keep memory flat (ADR 12).
 */
export const SHARED_CATCH_UP_PAGE = 5000;

/**
 * Brings the runners up to the log's head as it was when called, reading the log once for all of
 * them. Each runner still applies a page in its own transaction with its own checkpoint, and
 * skips what it already holds. The next page is read while the current one is applied, which
 * overlaps the two when the log is in another process (PostgreSQL).
 */
export async function catchUpTogether(
  store: EventStore,
  runners: readonly ProjectionRunner[],
  pageSize = SHARED_CATCH_UP_PAGE,
): Promise<void> {
  if (runners.length === 0) return;
  const head = await store.headPosition();
  for (const runner of runners) await runner.loadCheckpoint();
  let from = Math.min(...runners.map((r) => r.ownPosition));
  const read = (after: number) => {
    const page = store.readAll({ after, limit: pageSize });
    // Awaited below; a failure while the previous page is applied must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<StoredEvent[]> | undefined = from < head ? read(from) : undefined;
  while (next) {
    const page = (await next).filter((e) => e.position > from);
    if (page.length === 0) {
      // A commit still in flight below the head (PostgreSQL): wait for it.
      await store.waitForAppend(from, 50);
      next = read(from);
      continue;
    }
    const last = page[page.length - 1].position;
    next = last < head ? read(last) : undefined;
    for (const runner of runners) {
      const mine =
        runner.ownPosition < page[0].position
          ? page
          : page.filter((e) => e.position > runner.ownPosition);
      if (mine.length > 0) await runner.handle(mine);
    }
    from = last;
  }
}
