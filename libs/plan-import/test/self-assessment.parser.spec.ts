import { existsSync } from 'fs';
import { join } from 'path';
import { type QualityStatementCode } from '@asc/domain';
import {
  ImportFormatError,
  contentKey,
  inferPriority,
  parseSelfAssessment,
  type ImportResult,
} from '@asc/plan-import';
import { FIXTURES_DIR, MEDWAY, fixture } from './fixtures.helper';

const text = fixture(MEDWAY);
const lines = text.split('\n');

/** Hand-counted from the fixture: the bullets under each "Priorities/Actions:". */
const ACTIONS_PER_STATEMENT: Record<QualityStatementCode, number> = {
  QS1: 10,
  QS2: 7,
  QS3: 7,
  QS4: 6,
  QS5: 7,
  QS6: 4,
  QS7: 9,
  QS8: 7,
  QS9: 5,
};

/** Hand-counted: [What is working well, Areas for Improvement] bullets per statement. */
const FINDINGS_PER_STATEMENT: Record<QualityStatementCode, [number, number]> = {
  QS1: [10, 13],
  QS2: [10, 9],
  QS3: [7, 11],
  QS4: [7, 10],
  QS5: [12, 7],
  QS6: [10, 8],
  QS7: [8, 11],
  QS8: [5, 7],
  QS9: [10, 9],
};

/** The section headings' last part, mapped by hand (not by the code under test). */
const HEADING_TO_QS: Record<string, QualityStatementCode> = {
  'Assessing Needs': 'QS1',
  'Supporting People to live healthier lives': 'QS2',
  'Equity in experiences and outcomes': 'QS3',
  'Care provision, integration and continuity': 'QS4',
  'Partnerships and communities': 'QS5',
  'Safe Systems, pathways and transitions': 'QS6',
  Safeguarding: 'QS7',
  'Governance, management and sustainability': 'QS8',
  'Learning, improvement and innovation': 'QS9',
};

/** An independent, simple scan: bullets under each sub-heading, per "Theme N – … - Name". */
function scanFixture(subHeading: string): Map<QualityStatementCode, string[]> {
  const found = new Map<QualityStatementCode, string[]>();
  let qs: QualityStatementCode | undefined;
  let under = false;
  for (const line of lines) {
    const heading = /^Theme \d – .+ - (.+)$/.exec(line);
    if (heading) {
      qs = HEADING_TO_QS[heading[1] as string];
      under = false;
    } else if (/^[A-Z].*:$/.test(line)) {
      under = line === subHeading;
    } else if (under && qs && line.startsWith('- ')) {
      found.set(qs, [...(found.get(qs) ?? []), line.slice(2).trim()]);
    } else if (line.trim() !== '') {
      under = false;
    }
  }
  return found;
}

function byStatement<T extends { qualityStatement: QualityStatementCode }>(items: readonly T[]) {
  const map = new Map<QualityStatementCode, T[]>();
  for (const item of items)
    map.set(item.qualityStatement, [...(map.get(item.qualityStatement) ?? []), item]);
  return map;
}

describe('parseSelfAssessment — the Medway self-assessment (March 2024)', () => {
  let result: ImportResult;
  beforeAll(() => {
    result = parseSelfAssessment(text);
  });

  it('reads the fixture from the shared folder', () => {
    expect(existsSync(join(FIXTURES_DIR, MEDWAY))).toBe(true);
    expect(lines.length).toBeGreaterThan(500);
  });

  it('finds all nine quality statements', () => {
    expect(result.format).toBe('self-assessment');
    expect(result.qualityStatementsSeen).toEqual([
      'QS1',
      'QS2',
      'QS3',
      'QS4',
      'QS5',
      'QS6',
      'QS7',
      'QS8',
      'QS9',
    ]);
  });

  it('raises every priority as an action: exact counts per statement (hand-counted)', () => {
    const counts = Object.fromEntries(
      [...byStatement(result.actions)].map(([qs, actions]) => [qs, actions.length]),
    );
    expect(counts).toEqual(ACTIONS_PER_STATEMENT);
    expect(result.actions).toHaveLength(62);
  });

  it('raises exactly the Priorities/Actions bullets an independent scan finds, with their titles', () => {
    const scanned = scanFixture('Priorities/Actions:');
    expect([...scanned.keys()].sort()).toEqual(Object.keys(ACTIONS_PER_STATEMENT).sort());
    const parsed = byStatement(result.actions);
    for (const [qs, titles] of scanned) {
      expect(titles).toHaveLength(ACTIONS_PER_STATEMENT[qs]);
      expect(parsed.get(qs)?.map((a) => a.title)).toEqual(titles);
    }
  });

  it.each<[QualityStatementCode, number, string, number, string]>([
    [
      'QS1',
      283,
      'Embed service standards',
      292,
      'Implement consistent pathways and processes across the division',
    ],
    [
      'QS2',
      325,
      'Prevention strategy',
      331,
      'Multi-agency work with partners to improve outcomes for people that draw on care & support',
    ],
    [
      'QS3',
      363,
      'Actively seek feedback from people accessing services',
      369,
      'Better understand the training needs of staff across the service',
    ],
    [
      'QS4',
      439,
      'To embed and build confidence in the new supported living provisions',
      444,
      'Review of residential service through commissioning 2024',
    ],
    [
      'QS5',
      402,
      'Joint working with partners towards the creation of the Transfer of Care Hub',
      408,
      'Reinforce our statutory responsibilities/ duties with external partners to ensure the focus is not solely on health/acute setting',
    ],
    [
      'QS6',
      476,
      'Improve and embed the Childrens to Adult transition pathway',
      479,
      'Review the remit of the high-risk panel to include tracking of cases',
    ],
    ['QS7', 512, 'Reduce waiting lists', 520, 'Increase professional curiosity'],
    [
      'QS8',
      546,
      'Ensure all practitioners and managers understand the expectations of their roles and are equipped to meet them',
      552,
      'Increased resource in corporate teams to support ASC',
    ],
    [
      'QS9',
      585,
      'Develop a new workforce strategy',
      589,
      'Introduce Adult Social Care Partnership Board to improve strategic work with partners',
    ],
  ])(
    '%s: first action (line %i) and last action (line %i) exactly',
    (qs, firstLine, firstTitle, lastLine, lastTitle) => {
      const actions = byStatement(result.actions).get(qs) ?? [];
      expect(actions[0]).toMatchObject({ line: firstLine, title: firstTitle, description: null });
      expect(actions[actions.length - 1]).toMatchObject({ line: lastLine, title: lastTitle });
    },
  );

  it('keeps titles verbatim, including punctuation', () => {
    const titles = result.actions.map((a) => a.title);
    expect(titles).toContain(
      'Ensure ASC webpages link better with other corporate initiatives so easier for individuals to find in one place.',
    );
    expect(titles).toContain('Improve grip on drift & delay');
    expect(titles).toContain('Develop of the Market Position Statement.');
  });

  it('gives every action medium priority, a self-assessment source and a reference to its section', () => {
    expect(new Set(result.actions.map((a) => a.priority))).toEqual(new Set(['medium']));
    expect(result.actions.find((a) => a.line === 512)).toMatchObject({
      qualityStatement: 'QS7',
      key: 'QS7:action:reduce waiting lists',
      source: {
        kind: 'self-assessment',
        reference: 'Theme 3 – Ensuring Safety - Safeguarding › Priorities/Actions (line 512)',
      },
    });
    for (const a of result.actions) {
      expect(a.ownerEmail).toBeUndefined();
      expect(a.dueDate).toBeUndefined();
    }
  });

  it('records "What is working well" and "Areas for Improvement" bullets as findings of those kinds', () => {
    const parsed = byStatement(result.findings);
    for (const [qs, [wellCount, improveCount]] of Object.entries(FINDINGS_PER_STATEMENT)) {
      const findings = parsed.get(qs as QualityStatementCode) ?? [];
      expect(findings.filter((f) => f.kind === 'working-well')).toHaveLength(wellCount);
      expect(findings.filter((f) => f.kind === 'area-for-improvement')).toHaveLength(improveCount);
    }
    expect(result.findings).toHaveLength(164);
    expect(new Set(result.findings.map((f) => f.kind))).toEqual(
      new Set(['working-well', 'area-for-improvement']),
    );
    const scannedWell = scanFixture('What is working well:');
    const scannedImprove = scanFixture('Areas for Improvement:');
    for (const qs of Object.keys(FINDINGS_PER_STATEMENT) as QualityStatementCode[]) {
      const findings = parsed.get(qs) ?? [];
      expect(findings.filter((f) => f.kind === 'working-well').map((f) => f.text)).toEqual(
        scannedWell.get(qs),
      );
      expect(findings.filter((f) => f.kind === 'area-for-improvement').map((f) => f.text)).toEqual(
        scannedImprove.get(qs),
      );
    }
    expect(result.findings.find((f) => f.line === 272)).toEqual({
      key: 'QS1:area-for-improvement:increase and improve management oversight to prevent drift and delay - this will be supported by introducing scheduling on mosaic',
      line: 272,
      qualityStatement: 'QS1',
      kind: 'area-for-improvement',
      text: 'Increase and improve management oversight to prevent drift and delay – this will be supported by introducing scheduling on Mosaic',
    });
  });

  it('skips the contents page, line by line, with a reason', () => {
    const skipped = new Map(result.skipped.map((s) => [s.line, s]));
    expect(skipped.get(19)).toEqual({
      line: 19,
      text: 'Contents',
      reason: 'contents page heading',
    });
    const contentsLines = lines
      .map((l, i) => ({ l, n: i + 1 }))
      .filter(({ l, n }) => n > 19 && n <= 50 && l.trim() !== '');
    expect(contentsLines).toHaveLength(19);
    for (const { l, n } of contentsLines) {
      expect(skipped.get(n)).toEqual({
        line: n,
        text: l.trim(),
        reason: expect.stringMatching(/^contents page entry/),
      });
    }
    // Contents bullets naming a statement are not findings.
    expect(result.findings.some((f) => f.line < 250)).toBe(false);
    expect(skipped.get(29)?.text).toBe('- Assessing needs');
  });

  it('skips the introduction and place facts, and the empty "High Level Action Plan on a Page"', () => {
    const skipped = new Map(result.skipped.map((s) => [s.line, s]));
    expect(skipped.get(3)).toEqual({
      line: 3,
      text: 'MEDWAY ADULT SOCIAL CARE',
      reason: 'introductory text before the first quality statement section',
    });
    expect(skipped.get(233)?.reason).toBe(
      'introductory text before the first quality statement section',
    );
    expect(skipped.get(593)).toEqual({
      line: 593,
      text: 'Medway Adult Social Care – High Level Action Plan on a Page 2023 – 2025',
      reason: 'action plan on a page: the section is empty in this document, nothing to import',
    });
  });

  it('accounts for every non-empty line: imported, a heading it used, or skipped with a reason', () => {
    const imported = new Set([...result.actions, ...result.findings].map((i) => i.line));
    const skipped = new Set(result.skipped.map((s) => s.line));
    const headings = new Set(
      lines
        .map((l, i) => ({ l, n: i + 1 }))
        .filter(
          ({ l }) =>
            /^Theme \d – .+ - .+$/.test(l) ||
            /^(What is working well|Areas for Improvement|Priorities\/Actions):$/.test(l),
        )
        .map(({ n }) => n),
    );
    expect(headings.size).toBe(9 * 4);
    lines.forEach((l, i) => {
      const n = i + 1;
      if (l.trim() === '') {
        expect(skipped.has(n)).toBe(false);
        return;
      }
      const homes = [imported.has(n), skipped.has(n), headings.has(n)].filter(Boolean);
      expect({ n, homes: homes.length }).toEqual({ n, homes: 1 });
    });
    for (const s of result.skipped) {
      expect(s.reason.length).toBeGreaterThan(0);
      expect(s.text.length).toBeLessThanOrEqual(120);
    }
    expect(result.skipped.map((s) => s.line)).toEqual(
      [...result.skipped.map((s) => s.line)].sort((a, b) => a - b),
    );
  });

  it('gives identical results and keys when the same document is imported twice', () => {
    const again = parseSelfAssessment(fixture(MEDWAY));
    expect(again).toEqual(result);
    expect(again.actions.map((a) => a.key)).toEqual(result.actions.map((a) => a.key));
  });

  it('gives every item its own key', () => {
    const keys = [...result.actions, ...result.findings].map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The same words as a finding and as an action are different items.
    expect(keys).toContain('QS7:area-for-improvement:reduce waiting lists');
    expect(keys).toContain('QS7:action:reduce waiting lists');
  });

  it('reads the same document with CRLF line endings and a BOM the same way', () => {
    const crlf = parseSelfAssessment(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    expect(crlf).toEqual(result);
  });
});

describe('parseSelfAssessment — layout variations', () => {
  const doc = (...docLines: string[]) => docLines.join('\n');

  it('matches headings loosely: hyphen or en dash, case, and sub-heading spellings', () => {
    const r = parseSelfAssessment(
      doc(
        'Theme 3 - Ensuring safety - SAFEGUARDING',
        "What's working well",
        '• Strategic leads for safeguarding',
        'Areas of improvement:',
        '* Reduce drift and delay',
        'Priorities and actions',
        '1. Reduce waiting lists',
        '2) Embed MSP',
        '',
        'THEME 4 — LEADERSHIP — Learning, Improvement & Innovation',
        'Areas to improve',
        '- A new workforce strategy is required.',
        'Next steps:',
        '- Develop a new workforce strategy',
      ),
    );
    expect(r.qualityStatementsSeen).toEqual(['QS7', 'QS9']);
    expect(r.findings.map((f) => [f.qualityStatement, f.kind, f.text])).toEqual([
      ['QS7', 'working-well', 'Strategic leads for safeguarding'],
      ['QS7', 'area-for-improvement', 'Reduce drift and delay'],
      ['QS9', 'area-for-improvement', 'A new workforce strategy is required.'],
    ]);
    expect(r.actions.map((a) => [a.qualityStatement, a.title, a.line])).toEqual([
      ['QS7', 'Reduce waiting lists', 7],
      ['QS7', 'Embed MSP', 8],
      ['QS9', 'Develop a new workforce strategy', 14],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('joins a bullet wrapped over several lines, and numbers it by its first line', () => {
    const r = parseSelfAssessment(
      doc(
        'Theme 1 – Working with People - Assessing Needs',
        '',
        'Priorities/Actions:',
        '',
        '- Improve skills shortage and retention through the MedPay review',
        '  & a market premia payment',
        'for hard to fill posts',
        '- Embed service standards',
        'Some text after a blank line',
      ).replace('Embed service standards', 'Embed service standards\n'),
    );
    expect(r.actions.map((a) => [a.line, a.title])).toEqual([
      [
        5,
        'Improve skills shortage and retention through the MedPay review & a market premia payment for hard to fill posts',
      ],
      [8, 'Embed service standards'],
    ]);
    expect(r.skipped).toEqual([
      {
        line: 10,
        text: 'Some text after a blank line',
        reason: "not a bullet: only bullets under 'Priorities/Actions' are imported (QS1)",
      },
    ]);
  });

  it('shortens a title over 200 characters and keeps the full text as the description', () => {
    const sentence = 'Develop a workforce strategy with partners across the system.';
    const rest =
      ' It will cover recruitment, retention, career pathways, the Medway academy, market premia, agency use and the wellbeing of practitioners in every locality of the division over the next three years.';
    const long = 'Develop ' + 'a very long action text without any full stop '.repeat(6).trim();
    const r = parseSelfAssessment(
      doc('Safeguarding', 'Priorities/Actions:', `- ${sentence}${rest}`, `- ${long}`),
    );
    const [first, second] = r.actions;
    expect(first).toMatchObject({ title: sentence, description: sentence + rest });
    expect(second?.title.endsWith('…')).toBe(true);
    expect(second?.title.length).toBeLessThanOrEqual(200);
    expect(long.startsWith((second?.title ?? '').slice(0, -1))).toBe(true);
    expect(long.charAt((second?.title.length ?? 1) - 1)).toBe(' ');
    expect(second?.description).toBe(long);
    expect(first?.key.startsWith('QS7:action:develop a workforce strategy')).toBe(true);
  });

  it('keys long items by a shortened text plus a checksum, different for texts sharing a start', () => {
    const start = 'x'.repeat(170);
    const a = contentKey('QS1', 'action', `${start} one`);
    const b = contentKey('QS1', 'action', `${start} two`);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^QS1:action:x{160}…#174-[0-9a-f]{8}$/);
    expect(contentKey('QS1', 'action', `${start} one`)).toBe(a);
    expect(contentKey('QS2', 'working-well', '  Reduce   Waiting lists.')).toBe(
      'QS2:working-well:reduce waiting lists',
    );
  });

  it('sets priority only from explicit markers (rule documented on inferPriority)', () => {
    expect(inferPriority('Reduce waiting lists (high)')).toBe('high');
    expect(inferPriority('HIGH PRIORITY: reduce waiting lists')).toBe('high');
    expect(inferPriority('Reduce waiting lists – priority: low')).toBe('low');
    expect(inferPriority('Review the portal [Low]')).toBe('low');
    expect(inferPriority('Strengthen oversight of high risk and complex cases')).toBe('medium');
    expect(inferPriority('Respond to urgent referrals faster')).toBe('medium');
    expect(inferPriority('Reduce waiting lists')).toBe('medium');
    const r = parseSelfAssessment(
      doc(
        'Safeguarding',
        'Priorities/Actions:',
        '- Reduce waiting lists (high priority)',
        '- Portal redesign (low)',
      ),
    );
    expect(r.actions.map((a) => a.priority)).toEqual(['high', 'low']);
  });

  it('skips bullets under a theme heading that names no statement, and text outside sub-headings', () => {
    const r = parseSelfAssessment(
      doc(
        'Theme 1 – Working with People - Assessing Needs',
        'This section sets out our assessment.',
        '- A bullet before any sub-heading',
        'Theme 2 – Providing Support',
        'Priorities/Actions:',
        '- Not attributed to QS1',
      ),
    );
    expect(r.actions).toEqual([]);
    expect(r.skipped).toEqual([
      {
        line: 2,
        text: 'This section sets out our assessment.',
        reason: expect.stringMatching(/^text in the QS1 section outside its sub-headings/),
      },
      {
        line: 3,
        text: '- A bullet before any sub-heading',
        reason: expect.stringMatching(/^text in the QS1 section outside its sub-headings/),
      },
      {
        line: 4,
        text: 'Theme 2 – Providing Support',
        reason: 'heading names no single quality statement: lines under it are not imported',
      },
      {
        line: 5,
        text: 'Priorities/Actions:',
        reason: 'sub-heading outside a quality statement section',
      },
      {
        line: 6,
        text: '- Not attributed to QS1',
        reason: 'under the heading on line 4, which names no quality statement',
      },
    ]);
  });

  it('imports "action plan on a page" bullets that name a statement and skips the rest', () => {
    const r = parseSelfAssessment(
      doc(
        'Theme 3 – Ensuring Safety - Safeguarding',
        'Priorities/Actions:',
        '- Reduce waiting lists',
        '',
        'Medway Adult Social Care – High Level Action Plan on a Page 2023 – 2025',
        '- QS1: Embed service standards',
        '- Safeguarding – Reduce waiting lists',
        '- Deliver the transformation programme',
        'Learning, improvement and innovation',
        '- Develop a new workforce strategy',
      ),
    );
    expect(r.actions.map((a) => [a.line, a.qualityStatement, a.title, a.source.reference])).toEqual(
      [
        [
          3,
          'QS7',
          'Reduce waiting lists',
          'Theme 3 – Ensuring Safety - Safeguarding › Priorities/Actions (line 3)',
        ],
        [
          6,
          'QS1',
          'Embed service standards',
          'Medway Adult Social Care – High Level Action Plan on a Page 2023 – 2025 (line 6)',
        ],
        [
          10,
          'QS9',
          'Develop a new workforce strategy',
          'Medway Adult Social Care – High Level Action Plan on a Page 2023 – 2025 › Learning, improvement and innovation (line 10)',
        ],
      ],
    );
    expect(r.skipped).toEqual([
      {
        line: 7,
        text: '- Safeguarding – Reduce waiting lists',
        reason: 'duplicate of line 3 (the same quality statement and title)',
      },
      {
        line: 8,
        text: '- Deliver the transformation programme',
        reason: expect.stringMatching(
          /^action plan on a page: the line names no quality statement/,
        ),
      },
    ]);
  });

  it('treats "Key actions" as a plan-level section after a statement has had its actions', () => {
    const r = parseSelfAssessment(
      doc(
        'Safeguarding',
        'Priorities/Actions:',
        '- Embed MSP',
        'Key Actions',
        '- Deliver the programme',
      ),
    );
    expect(r.actions.map((a) => a.title)).toEqual(['Embed MSP']);
    expect(r.skipped.map((s) => [s.line, s.reason])).toEqual([
      [4, 'action plan on a page: none of its lines names a quality statement, nothing imported'],
      [5, expect.stringMatching(/^action plan on a page: the line names no quality statement/)],
    ]);
    const asSubHeading = parseSelfAssessment(doc('Safeguarding', 'Key actions', '- Embed MSP'));
    expect(asSubHeading.actions.map((a) => [a.qualityStatement, a.title])).toEqual([
      ['QS7', 'Embed MSP'],
    ]);
  });

  it('skips a repeated bullet as a duplicate of the first', () => {
    const r = parseSelfAssessment(
      doc(
        'Safeguarding',
        'Areas for improvement',
        '- Improve timeliness',
        '- Improve  timeliness.',
      ),
    );
    expect(r.findings).toHaveLength(1);
    expect(r.skipped).toEqual([
      {
        line: 4,
        text: '- Improve timeliness.',
        reason: 'duplicate of line 3 (the same quality statement and text)',
      },
    ]);
  });

  it('reads a self-assessment score line in a section', () => {
    const r = parseSelfAssessment(
      doc(
        'Safeguarding',
        'Self-assessment score: 2 - Evidence shows some shortfalls',
        'Score: 7',
        'Priorities/Actions:',
        '- Embed MSP',
      ),
    );
    expect(r.scores).toEqual([
      {
        key: 'QS7:score:self-assessment 2',
        line: 2,
        qualityStatement: 'QS7',
        score: 2,
        source: 'self-assessment',
      },
    ]);
    expect(r.skipped).toEqual([
      {
        line: 3,
        text: 'Score: 7',
        reason: "score line not understood: expected 'Score: 1' to 'Score: 4'",
      },
    ]);
  });

  it('refuses a document with no quality statement section', () => {
    expect(() => parseSelfAssessment('Our vision\n\n- People living independently')).toThrow(
      ImportFormatError,
    );
    try {
      parseSelfAssessment('Contents\n- Assessing needs\n- Safeguarding\n\nWELCOME');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFormatError);
      expect(error).toMatchObject({ code: 'no-quality-statements', field: 'content' });
      expect((error as Error).message).toMatch(/only in its contents page/);
    }
  });
});
