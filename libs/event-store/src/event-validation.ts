import { InvalidEventError } from './event-store.errors';
import {
  type EventData,
  type EventMetadataInput,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamTail,
} from './event-store.port';

export const LIMITS = {
  streamName: 200,
  eventType: 100,
  metadataString: 200,
  /** Serialized data and metadata of one event. */
  eventBytes: 512 * 1024,
  eventsPerAppend: 1000,
  readAllPage: 10_000,
  schemaVersion: 1000,
} as const;

const STREAM = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED_METADATA = ['actor', 'correlationId', 'causationId', 'commandId'] as const;
/** Set by the store or carried beside metadata; a caller's value would be overwritten or confused. */
const RESERVED_METADATA = [
  'recordedAt',
  'eventId',
  'type',
  'schemaVersion',
  'hash',
  'position',
  'version',
  'stream',
];

export function validateStreamName(stream: unknown, field = 'stream'): string {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidEventError(field, 'must be a non-empty string');
  }
  if (stream.length > LIMITS.streamName) {
    throw new InvalidEventError(field, `must be at most ${LIMITS.streamName} characters`);
  }
  if (!STREAM.test(stream)) {
    throw new InvalidEventError(
      field,
      'must start with a letter or digit and use only letters, digits, "-", "_", "." and ":"',
    );
  }
  return stream;
}

export function validateExpectedVersion(expected: unknown): ExpectedVersion {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any')
    return expected;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) {
    return expected;
  }
  throw new InvalidEventError(
    'expectedVersion',
    'must be a whole number from -1, or "no_stream", "stream_exists" or "any"',
  );
}

/**
 * Checks every event and returns normalised copies: JSON values only (so that what is hashed is
 * exactly what is read back), lower-case UUIDs, and no `recordedAt` from the caller.
 */
export function validateNewEvents(events: unknown): NewEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('events', 'must be a non-empty array');
  }
  if (events.length > LIMITS.eventsPerAppend) {
    throw new InvalidEventError('events', `must hold at most ${LIMITS.eventsPerAppend} events`);
  }
  const seen = new Set<string>();
  return events.map((event: unknown, i) => {
    const at = `events[${i}]`;
    if (!isPlainObject(event)) throw new InvalidEventError(at, 'must be an object');
    const { eventId, type, schemaVersion, data, metadata } = event as Record<string, unknown>;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new InvalidEventError(`${at}.eventId`, 'must be a UUID');
    }
    const id = eventId.toLowerCase();
    if (seen.has(id))
      throw new InvalidEventError(`${at}.eventId`, 'is repeated in the same append');
    seen.add(id);
    if (typeof type !== 'string' || type.length > LIMITS.eventType || !EVENT_TYPE.test(type)) {
      throw new InvalidEventError(
        `${at}.type`,
        `must be a PascalCase name of letters and digits, at most ${LIMITS.eventType} characters`,
      );
    }
    if (
      typeof schemaVersion !== 'number' ||
      !Number.isInteger(schemaVersion) ||
      schemaVersion < 1 ||
      schemaVersion > LIMITS.schemaVersion
    ) {
      throw new InvalidEventError(
        `${at}.schemaVersion`,
        `must be a whole number from 1 to ${LIMITS.schemaVersion}`,
      );
    }
    if (!isPlainObject(data)) throw new InvalidEventError(`${at}.data`, 'must be a JSON object');
    const cleanData = toJsonValue(data, `${at}.data`) as EventData;
    const cleanMetadata = validateMetadata(metadata, `${at}.metadata`);
    const bytes =
      Buffer.byteLength(JSON.stringify(cleanData)) +
      Buffer.byteLength(JSON.stringify(cleanMetadata));
    if (bytes > LIMITS.eventBytes) {
      throw new InvalidEventError(
        at,
        `data and metadata must be at most ${LIMITS.eventBytes} bytes as JSON`,
      );
    }
    return { eventId: id, type, schemaVersion, data: cleanData, metadata: cleanMetadata };
  });
}

function validateMetadata(metadata: unknown, at: string): EventMetadataInput {
  if (!isPlainObject(metadata)) throw new InvalidEventError(at, 'must be an object');
  const clean = toJsonValue(metadata, at) as Record<string, unknown>;
  for (const key of REQUIRED_METADATA) {
    const value = clean[key];
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new InvalidEventError(`${at}.${key}`, 'is required and must be a non-empty string');
    }
    if (value.length > LIMITS.metadataString) {
      throw new InvalidEventError(
        `${at}.${key}`,
        `must be at most ${LIMITS.metadataString} characters`,
      );
    }
  }
  for (const key of RESERVED_METADATA) {
    if (key in clean)
      throw new InvalidEventError(`${at}.${key}`, 'is set by the store, not by the caller');
  }
  return clean as EventMetadataInput;
}

export function validateReadStreamOptions(options: ReadStreamOptions = {}): {
  fromVersion: number;
  toVersion?: number;
  until?: string;
} {
  const { fromVersion = 0, toVersion, until } = options;
  if (!Number.isSafeInteger(fromVersion) || fromVersion < 0) {
    throw new InvalidEventError('fromVersion', 'must be a whole number from 0');
  }
  if (toVersion !== undefined && (!Number.isSafeInteger(toVersion) || toVersion < fromVersion)) {
    throw new InvalidEventError('toVersion', 'must be a whole number not below fromVersion');
  }
  let untilIso: string | undefined;
  if (until !== undefined) {
    const date =
      until instanceof Date ? until : typeof until === 'string' ? new Date(until) : undefined;
    if (!date || Number.isNaN(date.getTime())) {
      throw new InvalidEventError('until', 'must be a valid date and time');
    }
    untilIso = date.toISOString();
  }
  return { fromVersion, toVersion, until: untilIso };
}

/** Checked stream names and versions of readStreamTails, and its `until` as an ISO instant. */
export function validateStreamTails(
  tails: readonly StreamTail[],
  until: Date | string,
): { tails: StreamTail[]; until: string } {
  if (!Array.isArray(tails)) throw new InvalidEventError('tails', 'must be an array');
  const checked = tails.map((tail, i) => {
    const stream = validateStreamName(tail?.stream, `tails[${i}].stream`);
    if (!Number.isSafeInteger(tail.fromVersion) || tail.fromVersion < 0) {
      throw new InvalidEventError(`tails[${i}].fromVersion`, 'must be a whole number from 0');
    }
    return { stream, fromVersion: tail.fromVersion };
  });
  if (until === undefined) throw new InvalidEventError('until', 'is required');
  return { tails: checked, until: validateReadStreamOptions({ until }).until as string };
}

export function validateReadAllOptions(options: ReadAllOptions = {}): {
  after: number;
  limit: number;
} {
  const { after = 0, limit = 1000 } = options;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new InvalidEventError('after', 'must be a whole number from 0');
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > LIMITS.readAllPage) {
    throw new InvalidEventError('limit', `must be a whole number from 1 to ${LIMITS.readAllPage}`);
  }
  return { after, limit };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy holding JSON values only. Object properties that are `undefined` are dropped, as
 * JSON.stringify would; anything JSON would silently change (NaN, Dates, class instances,
 * bigint, NUL characters that PostgreSQL refuses, lone surrogates) is refused by name.
 */
function toJsonValue(value: unknown, path: string, depth = 0): unknown {
  if (depth > 32) throw new InvalidEventError(path, 'is nested more than 32 levels deep');
  switch (typeof value) {
    case 'string':
      checkString(value, path);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventError(path, 'must be a finite number');
      return value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        return value.map((item, i) => {
          if (item === undefined)
            throw new InvalidEventError(`${path}[${i}]`, 'must not be undefined');
          return toJsonValue(item, `${path}[${i}]`, depth + 1);
        });
      }
      if (!isPlainObject(value)) {
        throw new InvalidEventError(
          path,
          'must be plain JSON (convert dates and class instances to strings or objects)',
        );
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        checkString(key, `${path}.${key}`);
        if (item === undefined) continue;
        out[key] = toJsonValue(item, `${path}.${key}`, depth + 1);
      }
      return out;
    }
    default:
      throw new InvalidEventError(path, `must be a JSON value, not ${typeof value}`);
  }
}

function checkString(value: string, path: string): void {
  if (value.includes('\u0000'))
    throw new InvalidEventError(path, 'must not contain the NUL character');
  if (!value.isWellFormed()) throw new InvalidEventError(path, 'must be well-formed Unicode');
}
