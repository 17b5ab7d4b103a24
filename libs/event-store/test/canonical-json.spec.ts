import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '../src/event-hash';

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
