import { type EventStore, type StoredEvent } from '@asc/event-store';
import { type ProjectionRunner } from './projection-runner';

/**
 * Events per page when catching up several runners at once: big enough that each projection
 * writes a touched row about once per page, small enough to keep memory flat (ADR 12).
 */
export const SHARED_CATCH_UP_PAGE = 5000;

/** Pages being applied at once (each runner on its own page, in order) when overlapping. */
const PAGES_IN_FLIGHT = 2;

/**
 * Brings the runners up to the log's head as it was when called, reading the log once for all of
 * them. Each runner still applies a page in its own transaction with its own checkpoint, and
 * skips what it already holds. With `overlap` (the default), the next page is read while the
 * current ones are applied, which overlaps the two when the log and the read models are in
 * another process (PostgreSQL). Without it, one page at a time: SQLite reads and writes on this
 * thread, so reading ahead and a second page in flight gained nothing and kept up to three pages
 * alive, which the garbage collector copied again and again (ADR 12).
 */
export async function catchUpTogether(
  store: EventStore,
  runners: readonly ProjectionRunner[],
  pageSize = SHARED_CATCH_UP_PAGE,
  overlap = true,
): Promise<void> {
  if (runners.length === 0) return;
  const pagesInFlight = overlap ? PAGES_IN_FLIGHT : 1;
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
  // Each runner applies the pages in order on its own chain, so that one may start the next page
  // while another still writes this one (on PostgreSQL one folds while another's writes run;
  // SQLite queues the transactions). At most pagesInFlight pages are held at once. The
  // register is ahead of or level with the snapshots, which take its states from ActionFoldMemo
  // (it keeps two batches); a miss only costs a fold.
  const chains: Promise<void>[] = runners.map(() => Promise.resolve());
  const inFlight: Promise<unknown>[] = [];
  try {
    while (next) {
      const page = (await next).filter((e) => e.position > from);
      if (page.length === 0) {
        // A commit still in flight below the head (PostgreSQL): wait for it.
        await store.waitForAppend(from, 50);
        next = read(from);
        continue;
      }
      const last = page[page.length - 1].position;
      next = overlap && last < head ? read(last) : undefined;
      const done = runners.map((runner, i) => {
        chains[i] = chains[i].then(() => {
          const mine =
            runner.ownPosition < page[0].position
              ? page
              : page.filter((e) => e.position > runner.ownPosition);
          return mine.length > 0 ? runner.handle(mine) : undefined;
        });
        return chains[i];
      });
      const applied = Promise.all(done);
      // Awaited below (or by the finally); not an unhandled rejection meanwhile.
      applied.catch(() => undefined);
      inFlight.push(applied);
      if (inFlight.length >= pagesInFlight) await inFlight.shift();
      from = last;
      if (!overlap && last < head) next = read(last);
    }
    for (const applied of inFlight.splice(0)) await applied;
  } finally {
    // On a failure, let the other runners finish what they started before returning.
    await Promise.allSettled(chains);
  }
}
