import { canonicalEventJson, eventHash, GENESIS_HASH } from '../src/event-hash';

describe('event hash', () => {
  const event = {
    eventId: '3f1c1d2e-0000-4000-8000-000000000001',
    type: 'ActionRaised',
    schemaVersion: 1,
    data: { title: 'Reduce waiting lists', b: 2, a: 1 },
    metadata: {
      actor: 'u1',
      correlationId: 'c',
      causationId: 'c',
      commandId: 'k',
      recordedAt: '2025-01-01T00:00:00.000Z',
    },
  };

  it('is canonical: key order does not change it', () => {
    const reordered = { ...event, data: { a: 1, title: 'Reduce waiting lists', b: 2 } };
    expect(canonicalEventJson(reordered)).toBe(canonicalEventJson(event));
    expect(canonicalEventJson(event)).toContain('"data":{"a":1,"b":2,"title"');
  });

  it('chains: the same event after a different predecessor has a different hash', () => {
    const first = eventHash(GENESIS_HASH, event);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(first, event)).not.toBe(first);
  });

  it('covers data and metadata', () => {
    const base = eventHash(GENESIS_HASH, event);
    expect(eventHash(GENESIS_HASH, { ...event, data: { ...event.data, b: 3 } })).not.toBe(base);
    expect(
      eventHash(GENESIS_HASH, { ...event, metadata: { ...event.metadata, actor: 'u2' } }),
    ).not.toBe(base);
    expect(eventHash(GENESIS_HASH, { ...event, schemaVersion: 2 })).not.toBe(base);
  });
});
