import { hash } from 'node:crypto';
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
  return joinCanonicalEvent(
    event.type,
    canonicalDataJson(event.data),
    canonicalMetadataJson(event.metadata, event.eventId, event.schemaVersion),
  );
}

/** The canonical JSON of an event's data: what a store keeps as its text, so verify need not parse it. */
export function canonicalDataJson(data: EventData): string {
  return canonicalPart(data, 'data');
}

/** The canonical JSON of an event's metadata as a store keeps it (without eventId and schemaVersion). */
export function canonicalStoredMetadataJson(metadata: EventMetadata): string {
  return canonicalPart(metadata, 'metadata');
}

/** The canonical JSON of the metadata the hash covers: the stored metadata plus eventId and schemaVersion. */
export function canonicalMetadataJson(
  metadata: EventMetadata,
  eventId: string,
  schemaVersion: number,
): string {
  return canonicalPart({ ...metadata, eventId, schemaVersion }, 'metadata');
}

function canonicalPart(value: object, part: 'data' | 'metadata'): string {
  const json = canonicalJson(value);
  if (json === undefined) throw new Error(`event ${part} cannot be canonicalised`);
  return json;
}

/**
 * canonicalMetadataJson from the stored metadata's canonical text, without parsing it: eventId and
 * schemaVersion are put at their sorted places among its keys. Undefined when the text is not the
 * flat canonical shape the stores write. It is a guess that verify confirms by the hash (and
 * falls back to the full path when that fails), so it can only ever cost time, never a wrong verdict.
 */
export function metadataJsonWithIds(
  storedCanonical: string,
  eventId: string,
  schemaVersion: number,
): string | undefined {
  const text = storedCanonical;
  const end = text.length - 1;
  if (text.charCodeAt(0) !== OPEN_BRACE || text.charCodeAt(end) !== CLOSE_BRACE) return undefined;
  // Where each id goes: before the first key that sorts after it (or at the closing brace).
  let eventIdAt = -1;
  let schemaVersionAt = -1;
  let i = 1;
  while (i < end) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = text.indexOf('"', i + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) return undefined;
    const key = text.slice(i + 1, keyEnd);
    // Escapes make the text's order differ from the keys' order: leave those to the full path.
    if (key.includes('\\') || key === 'eventId' || key === 'schemaVersion') return undefined;
    if (eventIdAt < 0 && key > 'eventId') eventIdAt = i;
    if (key > 'schemaVersion') {
      schemaVersionAt = i;
      break;
    }
    const valueEnd = skipJsonValue(text, keyEnd + 2);
    if (valueEnd < 0) return undefined;
    if (text.charCodeAt(valueEnd) === COMMA) i = valueEnd + 1;
    else if (valueEnd === end) i = end;
    else return undefined;
  }
  if (schemaVersionAt < 0) schemaVersionAt = end;
  if (eventIdAt < 0) eventIdAt = schemaVersionAt;
  const eventIdEntry = '"eventId":' + JSON.stringify(eventId);
  const versionEntry = '"schemaVersion":' + schemaVersion;
  if (eventIdAt === schemaVersionAt) {
    const both =
      schemaVersionAt === end
        ? entryAt(eventIdEntry, end, end) + ',' + versionEntry
        : eventIdEntry + ',' + versionEntry + ',';
    return text.slice(0, schemaVersionAt) + both + text.slice(schemaVersionAt);
  }
  return (
    text.slice(0, eventIdAt) +
    entryAt(eventIdEntry, eventIdAt, end) +
    text.slice(eventIdAt, schemaVersionAt) +
    entryAt(versionEntry, schemaVersionAt, end) +
    text.slice(schemaVersionAt)
  );
}

/** An entry put before a key is followed by a comma; one put at the closing brace follows one. */
function entryAt(entry: string, at: number, end: number): string {
  if (at !== end) return entry + ',';
  return at > 1 ? ',' + entry : entry;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Index of the quote that closes a string whose text starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q >= 0; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/** Index just after the JSON value starting at `from`, or -1. Strings, arrays and objects nest. */
function skipJsonValue(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i + 1);
      if (i < 0) return -1;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === COMMA && depth === 0) return i;
  }
  return -1;
}

/**
 * The canonical JSON of `{type, data, metadata}` from its parts' canonical JSON: the three keys in
 * sorted order, and a string's canonical form is JSON.stringify's.
 */
export function joinCanonicalEvent(type: string, dataJson: string, metadataJson: string): string {
  return (
    '{"data":' + dataJson + ',"metadata":' + metadataJson + ',"type":' + JSON.stringify(type) + '}'
  );
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
  // One-shot hash: about half the cost of createHash().update().digest() on an event's size.
  return hash('sha256', previousHash + canonicalJson, 'hex');
}

export function eventHash(previousHash: string, event: HashedContent): string {
  return chainHash(previousHash, canonicalEventJson(event));
}
