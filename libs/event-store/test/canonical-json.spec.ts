import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, canonicalMetadataJson, metadataJsonWithIds } from '../src/event-hash';

describe('canonicalJson (the fast path of the event hash)', () => {
  it('is byte for byte what canonicalize gives, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts integer-like keys as text, keeps __proto__ as a key, and refuses NaN', () => {
    const value = JSON.parse(
      '{"b":1,"10":2,"9":3,"a":{"__proto__":{"x":1},"A":[3,{"z":0,"y":-0}]}}',
    );
    expect(canonicalJson(value)).toBe(
      '{"10":2,"9":3,"a":{"A":[3,{"y":0,"z":0}],"__proto__":{"x":1}},"b":1}',
    );
    expect(canonicalJson(value)).toBe(canonicalize(value));
    expect(() => canonicalJson({ n: NaN })).toThrow(/NaN/);
  });
});

describe('metadataJsonWithIds (verify without parsing the stored metadata, ADR 15)', () => {
  const metadata = {
    actor: 'user:j.smith',
    actorName: 'J. "Jo" Smith \\ Ops, {Adults}',
    causationId: 'c',
    commandId: 'k',
    correlationId: 'r',
    idempotencyKey: null,
    recordedAt: '2025-01-01T00:00:00.000Z',
    retries: 2,
    zone: { nested: ['}', { a: ',' }] },
  };

  it('puts eventId and schemaVersion at their sorted places in the canonical text', () => {
    const text = canonicalJson(metadata)!;
    expect(metadataJsonWithIds(text, 'e-1', 3)).toBe(canonicalMetadataJson(metadata, 'e-1', 3));
    expect(metadataJsonWithIds('{}', 'e-1', 3)).toBe('{"eventId":"e-1","schemaVersion":3}');
    expect(metadataJsonWithIds('{"zz":1}', 'e', 1)).toBe(
      '{"eventId":"e","schemaVersion":1,"zz":1}',
    );
    expect(metadataJsonWithIds('{"a":1}', 'e', 1)).toBe('{"a":1,"eventId":"e","schemaVersion":1}');
  });

  it('equals canonicalMetadataJson whenever it answers, for any metadata, and answers for flat ones', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.uuid(), fc.nat(), (m, id, v) => {
        delete m.eventId;
        delete m.schemaVersion;
        const got = metadataJsonWithIds(canonicalJson(m)!, id, v);
        if (got === undefined) return;
        answered++;
        expect(got).toBe(canonicalMetadataJson(m as never, id, v));
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it('gives up, rather than guess wrong, on text that is not the canonical shape', () => {
    for (const text of ['', '[]', '{"a":1', '{"a" :1}', '{"a":"x}', '{"a":1}{', '{"b\\u0061":1}']) {
      expect(metadataJsonWithIds(text, 'e', 1)).toBeUndefined();
    }
  });
});
