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
  const json = canonicalJson({
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, eventId: event.eventId, schemaVersion: event.schemaVersion },
  });
  if (json === undefined) throw new Error('event cannot be canonicalised');
  return json;
}

/**
 * RFC 8785 canonical JSON, byte for byte what `canonicalize` gives, about four times faster (it
 * set the pace of `verify`): objects are copied with their keys in sorted order and serialised by
 * the native JSON.stringify. JavaScript puts integer-like keys first whatever the insertion order,
 * so an object with a key starting with a digit (or a `__proto__` key) goes to `canonicalize`.
 */
export function canonicalJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (error) {
    if (error === NEEDS_GENERIC) return canonicalize(value);
    throw error;
  }
}

const NEEDS_GENERIC = Symbol('needs the generic canonicaliser');

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw NEEDS_GENERIC;
    return value;
  }
  if (Array.isArray(value)) return value.map(sortedCopy);
  const source = value as Record<string, unknown>;
  if (typeof source.toJSON === 'function') throw NEEDS_GENERIC;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const first = key.charCodeAt(0);
    // Assigning "__proto__" would set the prototype rather than add a key.
    if ((first >= 48 && first <= 57) || key === '__proto__') throw NEEDS_GENERIC;
    copy[key] = sortedCopy(source[key]);
  }
  return copy;
}

/** sha256(previous hash + canonical JSON), hex: the chain that `verify` recomputes. */
export function chainHash(previousHash: string, canonicalJson: string): string {
  return createHash('sha256').update(previousHash).update(canonicalJson).digest('hex');
}

export function eventHash(previousHash: string, event: HashedContent): string {
  return chainHash(previousHash, canonicalEventJson(event));
}
