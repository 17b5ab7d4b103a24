import { createHash, randomUUID } from 'node:crypto';
import { type NewEvent, SqliteEventStore } from '@asc/event-store';
import {
  AUDIT_EXPORT_COMPLETED,
  AUDIT_EXPORT_STARTED,
  auditExportStreamName,
  EXPORT_CSV_COLUMNS,
  startAuditExport,
} from '../src';

const event = (data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type: 'ProgressReported',
  schemaVersion: 1,
  data,
  metadata: { actor: 'sam', correlationId: 'c', causationId: 'c', commandId: 'c' },
});

describe('audit export over a real SQLite store', () => {
  let now: Date;
  let store: SqliteEventStore;
  const requester = {
    actor: 'aud-1',
    actorName: 'Ann Auditor',
    correlationId: 'req-1',
    channel: 'api' as const,
  };

  beforeEach(async () => {
    now = new Date('2025-04-01T09:00:00Z');
    store = SqliteEventStore.open({ filename: ':memory:', clock: () => now });
    for (let day = 1; day <= 5; day++) {
      now = new Date(`2025-04-0${day}T09:00:00Z`);
      await store.appendToStream(`action-${randomUUID()}`, [event({ note: `day ${day}` })], {
        expectedVersion: 'no_stream',
      });
    }
    now = new Date('2025-04-10T09:00:00Z');
  });
  afterEach(() => store.close());

  const drain = async (body: AsyncGenerator<Buffer>) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks);
  };

  it('JSON lines of the events in range (inclusive), recorded before and after', async () => {
    let summary;
    const exported = await startAuditExport(
      store,
      { from: '2025-04-02T09:00:00.000Z', to: '2025-04-04T09:00:00.000Z', format: 'jsonl' },
      requester,
      { pageSize: 2, onComplete: (s) => (summary = s) },
    );
    const stream = auditExportStreamName(exported.exportId);
    // On record before a byte is read.
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual([AUDIT_EXPORT_STARTED]);
    const bytes = await drain(exported.body);
    const lines = bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.data.note)).toEqual(['day 2', 'day 3', 'day 4']);
    expect(Object.keys(lines[0])).toEqual([
      'position',
      'stream',
      'version',
      'eventId',
      'type',
      'schemaVersion',
      'recordedAt',
      'data',
      'metadata',
      'hash',
    ]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(summary).toEqual({ events: 3, bytes: bytes.length, sha256 });
    const recorded = await store.readStream(stream);
    expect(recorded.map((e) => [e.type, e.schemaVersion])).toEqual([
      [AUDIT_EXPORT_STARTED, 1],
      [AUDIT_EXPORT_COMPLETED, 1],
    ]);
    expect(recorded[0].data).toEqual({
      exportId: exported.exportId,
      from: '2025-04-02T09:00:00.000Z',
      to: '2025-04-04T09:00:00.000Z',
      format: 'jsonl',
      requestedBy: 'aud-1',
      channel: 'api',
    });
    expect(recorded[0].metadata).toMatchObject({
      actor: 'aud-1',
      actorName: 'Ann Auditor',
      correlationId: 'req-1',
    });
    expect(recorded[1].data).toEqual({
      exportId: exported.exportId,
      events: 3,
      bytes: bytes.length,
      sha256,
    });
    expect(exported.filename).toBe(
      `events-20250402T090000Z-20250404T090000Z-${exported.exportId.slice(0, 8)}.jsonl`,
    );
    expect((await store.verify()).ok).toBe(true);
  });

  it('CSV: BOM and header, RFC 4180 quoting, formula guard', async () => {
    await store.appendToStream(
      `action-${randomUUID()}`,
      [event({ note: '=HYPERLINK("http://evil.example","click"), then "quotes"\nand a line' })],
      { expectedVersion: 'no_stream' },
    );
    const { body } = await startAuditExport(
      store,
      { from: '2025-04-10T00:00:00.000Z', to: '2025-04-10T23:00:00.000Z', format: 'csv' },
      requester,
    );
    const text = (await drain(body)).toString('utf8');
    expect(text.startsWith('\uFEFF' + EXPORT_CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    // The data column is JSON, so it starts with "{": quoted for its commas and quotes only.
    expect(text).toContain(
      '"{""note"":""=HYPERLINK(\\""http://evil.example\\"",\\""click\\""), then \\""quotes\\""\\nand a line""}"',
    );
    const rows = text.slice(1).trimEnd().split('\r\n');
    // The AuditExportStarted of this very export, recorded at 09:00 on the 10th, is in range too.
    expect(rows).toHaveLength(3);
  });

  it('an export abandoned half way is on record as started, never completed', async () => {
    const exported = await startAuditExport(
      store,
      { from: null, to: now.toISOString(), format: 'jsonl' },
      requester,
      { pageSize: 1 },
    );
    await exported.body.next();
    await exported.body.return(undefined);
    expect(
      (await store.readStream(auditExportStreamName(exported.exportId))).map((e) => e.type),
    ).toEqual([AUDIT_EXPORT_STARTED]);
  });
});
