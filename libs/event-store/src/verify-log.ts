import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  GENESIS_HASH,
  chainHash,
  eventHash,
  joinCanonicalEvent,
  metadataJsonWithIds,
} from './event-hash';
import {
  type BrokenEvent,
  type EventData,
  type EventMetadata,
  type EventStore,
  type StoredEvent,
  type VerifyOptions,
  type VerifyReport,
} from './event-store.port';

const PAGE = 5000;

/** What verify needs of every event to follow its stream's chain and name it when broken. */
type ChainLink = Pick<StoredEvent, 'stream' | 'version' | 'position' | 'eventId' | 'hash'>;

/** An event as a store that can hand over its data and metadata as the text it stored. */
export interface StoredEventAsText extends ChainLink {
  type: string;
  schemaVersion: number;
  dataText: string;
  metadataText: string;
  /** The recorded_at the store filters on equals the hashed metadata.recordedAt. */
  recordedAtMatches: boolean;
}

/** How verify reads one kind of row and recomputes its hash. */
interface ChainSource<Row extends ChainLink> {
  headPosition(): Promise<number>;
  readPage(after: number, limit: number): Promise<Row[]>;
  recordedAtMatches(row: Row): boolean;
  expectedHash(previousHash: string, row: Row): string;
}

/**
 * Recomputes every stream's hash chain from the global log, one page at a time (memory holds one
 * page and one hash per stream), and stops at the first event that no longer matches.
 */
export function verifyEventLog(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  return verifyChains<StoredEvent>(
    {
      headPosition: () => store.headPosition(),
      readPage: (after, limit) => store.readAll({ after, limit }),
      recordedAtMatches: (event) => event.recordedAt === event.metadata.recordedAt,
      expectedHash: eventHash,
    },
    options,
  );
}

/**
 * The same check over rows as their stored text. A store that writes data and metadata as their
 * canonical JSON (ADR 15) is checked without parsing and re-serialising them: the stored text is
 * hashed as it is, with eventId and schemaVersion put into the metadata. A row written before (or
 * by a store that reformats its JSON) does not match that way, and is checked the full way before
 * it is called broken.
 */
export function verifyEventLogFromText(
  source: Pick<ChainSource<StoredEventAsText>, 'headPosition' | 'readPage'>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  return verifyChains(
    {
      ...source,
      recordedAtMatches: (row) => row.recordedAtMatches,
      expectedHash: storedTextHasher(),
    },
    options,
  );
}

/**
 * Tries the stored text, and the full way when that fails: the full way is the definition, so
 * only its failure calls an event broken. A log written before ADR 15 fails the first way on every
 * row, so after a miss that the full way passes, the full way alone is used, with a probe of the
 * stored text every 1,024 events to notice where the newer rows begin.
 */
function storedTextHasher(): (previousHash: string, row: StoredEventAsText) => string {
  let fullOnly = false;
  let sinceProbe = 0;
  return (previousHash, row) => {
    if (!fullOnly || ++sinceProbe % 1024 === 0) {
      const metadata = metadataJsonWithIds(row.metadataText, row.eventId, row.schemaVersion);
      if (
        metadata !== undefined &&
        chainHash(previousHash, joinCanonicalEvent(row.type, row.dataText, metadata)) === row.hash
      ) {
        fullOnly = false;
        return row.hash;
      }
    }
    const expected = eventHash(previousHash, {
      eventId: row.eventId,
      type: row.type,
      schemaVersion: row.schemaVersion,
      data: JSON.parse(row.dataText) as EventData,
      metadata: JSON.parse(row.metadataText) as EventMetadata,
    });
    if (expected === row.hash) fullOnly = true;
    return expected;
  };
}

/**
 * It yields to the event loop between pages: a store that reads synchronously (SQLite) would
 * otherwise hold an HTTP server still for the whole check.
 */
async function verifyChains<Row extends ChainLink>(
  source: ChainSource<Row>,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const last = new Map<string, { version: number; hash: string }>();
  const head = await source.headPosition();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await source.readPage(after, PAGE);
    if (page.length === 0) break;
    for (const event of page) {
      const previous = last.get(event.stream);
      if (event.version !== (previous?.version ?? -1) + 1) {
        return brokenAt(event, 'version-gap', last.size, events);
      }
      // The hash covers metadata.recordedAt; the column beside it is what `until` (as-of replay)
      // filters on, so the two must agree.
      if (!source.recordedAtMatches(event)) {
        return brokenAt(event, 'recorded-at-mismatch', last.size, events);
      }
      const expectedHash = source.expectedHash(previous?.hash ?? GENESIS_HASH, event);
      if (expectedHash !== event.hash) {
        return brokenAt(event, 'hash-mismatch', last.size, events, {
          expectedHash,
          storedHash: event.hash,
        });
      }
      if (previous) {
        previous.version = event.version;
        previous.hash = event.hash;
      } else last.set(event.stream, { version: event.version, hash: event.hash });
      events++;
    }
    after = page[page.length - 1].position;
    options.onProgress?.(events, head);
    await nextTurn();
  }
  return { ok: true, streams: last.size, events };
}

function brokenAt(
  event: ChainLink,
  reason: BrokenEvent['reason'],
  streams: number,
  events: number,
  hashes?: Pick<BrokenEvent, 'expectedHash' | 'storedHash'>,
): VerifyReport {
  const { stream, version, position, eventId } = event;
  return {
    ok: false,
    streams,
    events,
    firstBroken: { stream, version, position, eventId, reason, ...hashes },
  };
}
