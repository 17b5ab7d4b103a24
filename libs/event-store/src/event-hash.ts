import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type EventData, type EventMetadata } from './event-store.port';

/** The parts of an event that its hash covers. */
export interface HashedContent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: EventData;
  metadata: EventMetadata;
}

/** Hash of the (absent) event before a stream's first. */
export const GENESIS_HASH = '';

/**
 * RFC 8785 canonical JSON of type, data and metadata; eventId and schemaVersion are part of the
 * metadata, as event-store.md lists it.
 */
export function canonicalEventJson(event: HashedContent): string {
  const json = canonicalize({
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, eventId: event.eventId, schemaVersion: event.schemaVersion },
  });
  if (json === undefined) throw new Error('event cannot be canonicalised');
  return json;
}

/** sha256(previous hash + canonical JSON), hex: the chain that `verify` recomputes. */
export function chainHash(previousHash: string, canonicalJson: string): string {
  return createHash('sha256').update(previousHash).update(canonicalJson).digest('hex');
}

export function eventHash(previousHash: string, event: HashedContent): string {
  return chainHash(previousHash, canonicalEventJson(event));
}
