import {
  ImportFormatError,
  looksLikeCqcReport,
  parseCqcReport,
  parseImport,
  type ImportResult,
} from '@asc/plan-import';
import { CQC_GOVERNANCE, MEDWAY, fixture } from './fixtures.helper';

const text = fixture(CQC_GOVERNANCE);

describe('parseCqcReport — the CQC governance excerpt', () => {
  let result: ImportResult;
  beforeAll(() => {
    result = parseCqcReport(text);
  });

  it('reads QS8 with its CQC score of 2', () => {
    expect(result.format).toBe('cqc-report');
    expect(result.qualityStatementsSeen).toEqual(['QS8']);
    expect(result.scores).toEqual([
      { key: 'QS8:score:cqc 2', line: 5, qualityStatement: 'QS8', score: 2, source: 'cqc' },
    ]);
    expect(result.actions).toEqual([]);
  });

  it('records each key-findings paragraph as one cqc-finding', () => {
    expect(result.findings.map((f) => f.line)).toEqual([
      17, 19, 21, 23, 25, 27, 29, 31, 35, 37, 39, 41, 45,
    ]);
    for (const f of result.findings) {
      expect(f).toMatchObject({ qualityStatement: 'QS8', kind: 'cqc-finding' });
      expect(f.key.startsWith('QS8:cqc-finding:')).toBe(true);
    }
    expect(result.findings[0]?.text).toBe(
      'The local authority was on an improvement journey and had targets to achieve this led by the Director of People (Children and Adults). There had been a recent change in political leadership, which put more of a focus on adult social care.',
    );
    expect(result.findings[12]?.text).toMatch(
      /^The local authority had arrangements to maintain the security/,
    );
    expect(new Set(result.findings.map((f) => f.key)).size).toBe(13);
  });

  it('skips the score wording, the commitment, the sub-headings and the copyright line, with reasons', () => {
    expect(result.skipped).toEqual([
      {
        line: 7,
        text: '2 - Evidence shows some shortfalls',
        reason: 'score wording: restates Score: 2',
      },
      {
        line: 9,
        text: 'The local authority commitment',
        reason:
          "the local authority commitment: CQC's statement of what good looks like, not a finding",
      },
      {
        line: 11,
        text: expect.stringMatching(
          /^We have clear responsibilities, roles, systems of accountability/,
        ),
        reason:
          "the local authority commitment: CQC's statement of what good looks like, not a finding",
      },
      {
        line: 15,
        text: 'Governance, accountability and risk management',
        reason:
          'sub-heading inside the key findings: context for the paragraphs below, not a finding',
      },
      {
        line: 33,
        text: 'Strategic planning',
        reason:
          'sub-heading inside the key findings: context for the paragraphs below, not a finding',
      },
      {
        line: 43,
        text: 'Information security',
        reason:
          'sub-heading inside the key findings: context for the paragraphs below, not a finding',
      },
      { line: 47, text: '© Care Quality Commission', reason: 'copyright notice' },
    ]);
    expect((result.skipped[2]?.text ?? '').length).toBeLessThanOrEqual(120);
  });

  it('gives identical keys when imported twice', () => {
    expect(parseCqcReport(fixture(CQC_GOVERNANCE))).toEqual(result);
  });
});

describe('parseImport routes a self-assessment upload', () => {
  it('sends a CQC excerpt to the CQC reader', () => {
    expect(looksLikeCqcReport(text)).toBe(true);
    const routed = parseImport('self-assessment', text);
    expect(routed).toEqual(parseCqcReport(text));
    expect(routed.scores[0]).toMatchObject({ qualityStatement: 'QS8', score: 2, source: 'cqc' });
  });

  it('keeps the Medway self-assessment as a self-assessment', () => {
    const medway = fixture(MEDWAY);
    expect(looksLikeCqcReport(medway)).toBe(false);
    expect(parseImport('self-assessment', medway).format).toBe('self-assessment');
  });
});

describe('parseCqcReport — variations', () => {
  const doc = (...lines: string[]) => lines.join('\n');

  it('reads an assessment date, several statements, and paragraphs wrapped over lines', () => {
    const r = parseCqcReport(
      doc(
        'Assessment date: 14 March 2024',
        '',
        'Safeguarding',
        '',
        'Score: 1',
        '',
        '1 - Evidence shows significant shortfalls',
        '',
        'Key findings for this quality statement',
        '',
        'There was a backlog of safeguarding',
        'enquiries awaiting allocation.',
        '',
        'Governance, management and sustainability',
        'Score – 3',
        'Evidence shows some shortfalls',
        'Key findings for this quality statement',
        'Leaders had oversight of risk.',
      ),
    );
    expect(r.qualityStatementsSeen).toEqual(['QS7', 'QS8']);
    expect(r.scores).toEqual([
      {
        key: 'QS7:score:cqc 1 2024-03-14',
        line: 5,
        qualityStatement: 'QS7',
        score: 1,
        source: 'cqc',
        assessedAt: '2024-03-14',
      },
      {
        key: 'QS8:score:cqc 3 2024-03-14',
        line: 15,
        qualityStatement: 'QS8',
        score: 3,
        source: 'cqc',
        assessedAt: '2024-03-14',
      },
    ]);
    expect(r.findings.map((f) => [f.line, f.qualityStatement, f.text])).toEqual([
      [11, 'QS7', 'There was a backlog of safeguarding enquiries awaiting allocation.'],
      [18, 'QS8', 'Leaders had oversight of risk.'],
    ]);
    expect(r.skipped).toEqual([
      {
        line: 7,
        text: '1 - Evidence shows significant shortfalls',
        reason: 'score wording: restates Score: 1',
      },
      {
        line: 16,
        text: 'Evidence shows some shortfalls',
        reason: 'score wording disagrees with Score: 3, which is kept',
      },
    ]);
  });

  it('starts a new statement only when a score follows its name', () => {
    const r = parseCqcReport(
      doc(
        'Safeguarding',
        '',
        'Score: 2',
        '',
        'Key findings',
        '',
        'Safe systems, pathways and transitions',
        '',
        'A paragraph about transitions.',
        '',
        'Learning, improvement and innovation',
        '',
        'Score: 4',
        '',
        '2 - Evidence shows some shortfalls',
        '',
        'Key findings',
        '',
        'Innovation was strong.',
      ),
    );
    expect(r.scores.map((s) => [s.qualityStatement, s.score])).toEqual([
      ['QS7', 2],
      ['QS9', 4],
    ]);
    expect(r.findings.map((f) => [f.qualityStatement, f.text])).toEqual([
      ['QS7', 'A paragraph about transitions.'],
      ['QS9', 'Innovation was strong.'],
    ]);
    expect(r.skipped).toEqual([
      {
        line: 7,
        text: 'Safe systems, pathways and transitions',
        reason: expect.stringMatching(/^sub-heading/),
      },
      {
        line: 15,
        text: '2 - Evidence shows some shortfalls',
        reason: 'score wording disagrees with Score: 4, which is kept',
      },
    ]);
  });

  it('refuses an excerpt that names no statement', () => {
    expect(() => parseCqcReport('Score: 2\n\nKey findings\n\nSome text.')).toThrow(
      ImportFormatError,
    );
  });
});
