import {
  QUALITY_STATEMENTS,
  SCORE_WORDS,
  THEMES,
  overallScore,
  qualityStatement,
  ratingForPercentage,
  resolveQualityStatement,
  resolveScore,
  resolveTheme,
  scoreDescription,
  themeOf,
  type Score,
} from '@asc/domain';

describe('the CQC framework', () => {
  it('has the four themes and nine quality statements of domain.md', () => {
    expect(THEMES.map((t) => [t.code, t.name, t.qualityStatements])).toEqual([
      ['T1', 'Working with people', ['QS1', 'QS2', 'QS3']],
      ['T2', 'Providing support', ['QS4', 'QS5']],
      ['T3', 'Ensuring safety within the system', ['QS6', 'QS7']],
      ['T4', 'Leadership', ['QS8', 'QS9']],
    ]);
    expect(QUALITY_STATEMENTS.map((q) => `${q.code} ${q.name}`)).toEqual([
      'QS1 Assessing needs',
      'QS2 Supporting people to live healthier lives',
      'QS3 Equity in experience and outcomes',
      'QS4 Care provision, integration and continuity',
      'QS5 Partnerships and communities',
      'QS6 Safe systems, pathways and transitions',
      'QS7 Safeguarding',
      'QS8 Governance, management and sustainability',
      'QS9 Learning, improvement and innovation',
    ]);
    for (const qs of QUALITY_STATEMENTS) {
      expect(themeOf(qs.code).qualityStatements).toContain(qs.code);
    }
    expect(qualityStatement('QS7').theme).toBe('T3');
  });

  it('words the scores as CQC does', () => {
    expect(SCORE_WORDS).toEqual({
      1: 'significant shortfalls',
      2: 'some shortfalls',
      3: 'good standard',
      4: 'exceptional standard',
    });
    expect([1, 2, 3, 4].map((s) => scoreDescription(s as Score))).toEqual([
      'Evidence shows significant shortfalls',
      'Evidence shows some shortfalls',
      'Evidence shows a good standard',
      'Evidence shows an exceptional standard',
    ]);
  });

  it('reads loosely written scores', () => {
    // As in fixtures/cqc-governance-quality-statement.txt.
    expect(resolveScore('Score: 2')).toBe(2);
    expect(resolveScore('2 - Evidence shows some shortfalls')).toBe(2);
    expect(resolveScore('Evidence shows an exceptional standard')).toBe(4);
    expect(resolveScore('good standard')).toBe(3);
    expect(resolveScore(1)).toBe(1);
    expect(resolveScore('3')).toBe(3);
    expect(resolveScore('2 - Evidence shows a good standard')).toBeUndefined();
    expect(resolveScore('5')).toBeUndefined();
    expect(resolveScore('12')).toBeUndefined();
    expect(resolveScore(2.5)).toBeUndefined();
    expect(resolveScore('excellent')).toBeUndefined();
  });
});

describe('resolveQualityStatement', () => {
  it('accepts codes in any case', () => {
    for (let n = 1; n <= 9; n++) {
      expect(resolveQualityStatement(`QS${n}`)?.code).toBe(`QS${n}`);
      expect(resolveQualityStatement(`qs${n}`)?.code).toBe(`QS${n}`);
    }
    expect(resolveQualityStatement(' QS 7 ')?.code).toBe('QS7');
    expect(resolveQualityStatement('QS07')?.code).toBe('QS7');
  });

  it('accepts every canonical name, whatever the case and punctuation', () => {
    for (const qs of QUALITY_STATEMENTS) {
      expect(resolveQualityStatement(qs.name)?.code).toBe(qs.code);
      expect(resolveQualityStatement(qs.name.toUpperCase())?.code).toBe(qs.code);
      expect(
        resolveQualityStatement(qs.name.replace(/,/g, '').replace(/ and /g, ' & '))?.code,
      ).toBe(qs.code);
    }
  });

  // Every way the fixtures (and domain.md) write a quality statement.
  it.each([
    ['Assessing needs', 'QS1'],
    ['Assessing Needs', 'QS1'],
    ['Supporting people to live healthier lives', 'QS2'],
    ['Supporting People to live healthier lives', 'QS2'],
    ['Equity in experiences and outcomes', 'QS3'],
    ['Equity in experience and outcomes', 'QS3'],
    ['Care provision, integration and continuity', 'QS4'],
    ['Partnerships and communities', 'QS5'],
    ['Safe systems, pathways and transitions', 'QS6'],
    ['Safe Systems, pathways and transitions', 'QS6'],
    ['Safe Systems, pathways', 'QS6'],
    ['Safeguarding', 'QS7'],
    ['Governance, management and sustainability', 'QS8'],
    ['Learning, improvement and innovation', 'QS9'],
    // Headings of the Medway self-assessment.
    ['Theme 1 – Working with People - Assessing Needs', 'QS1'],
    ['Theme 1 – Working with People - Supporting People to live healthier lives', 'QS2'],
    ['Theme 1 – Working with People - Equity in experiences and outcomes', 'QS3'],
    ['Theme 2 – Providing Support - Partnerships and communities', 'QS5'],
    ['Theme 2 – Providing Support - Care provision, integration and continuity', 'QS4'],
    ['Theme 3 – Ensuring Safety - Safe Systems, pathways and transitions', 'QS6'],
    ['Theme 3 – Ensuring Safety - Safeguarding', 'QS7'],
    ['Theme 4 – Leadership - Governance, management and sustainability', 'QS8'],
    ['Theme 4 – Leadership - Learning, improvement and innovation', 'QS9'],
    // Other common forms.
    ['Quality statement seven: Safeguarding', 'QS7'],
    ['Quality statement 3', 'QS3'],
    ['QS6 – Safe systems, pathways and transitions', 'QS6'],
    ['QS8: Governance, management & sustainability', 'QS8'],
  ])('"%s" is %s', (input, code) => {
    expect(resolveQualityStatement(input)?.code).toBe(code);
  });

  it.each([
    'Ensuring Safety',
    'Working with People',
    'Leadership',
    'Theme 1 – Working with People',
    'QS10',
    'QS0',
    'QS1 Safeguarding',
    'Theme 1 – Working with People - Safeguarding',
    'Safe',
    'outcomes',
    'Medway Adult Social Care',
    '',
    '   ',
  ])('"%s" is not a quality statement', (input) => {
    expect(resolveQualityStatement(input)).toBeUndefined();
  });

  it('returns undefined for non-strings', () => {
    expect(resolveQualityStatement(7)).toBeUndefined();
    expect(resolveQualityStatement(null)).toBeUndefined();
    expect(resolveQualityStatement(undefined)).toBeUndefined();
  });
});

describe('resolveTheme', () => {
  it.each([
    ['T1', 'T1'],
    ['t3', 'T3'],
    ['Theme 4', 'T4'],
    ['Theme two', 'T2'],
    ['Working with People', 'T1'],
    ['Providing Support', 'T2'],
    ['Ensuring Safety', 'T3'],
    ['Ensuring safety within the system', 'T3'],
    ['ENSURING SAFETY WITHIN THE SYSTEM', 'T3'],
    ['Leadership', 'T4'],
    ['Theme 3 – Ensuring Safety', 'T3'],
    ['Theme 3 – Ensuring Safety - Safeguarding', 'T3'],
    ['Theme 1 – Working with People - Assessing Needs', 'T1'],
  ])('"%s" is %s', (input, code) => {
    expect(resolveTheme(input)?.code).toBe(code);
  });

  it.each(['T5', 'Safeguarding', 'Theme 1 – Ensuring Safety', 'Ensuring', '', 'Safety'])(
    '"%s" is not a theme',
    (input) => {
      expect(resolveTheme(input)).toBeUndefined();
    },
  );
});

describe('overall percentage and rating', () => {
  const nine = (total: number): Score[] => {
    // Nine scores summing to `total` (9–36).
    const scores: Score[] = Array(9).fill(1);
    let left = total - 9;
    for (let i = 0; i < 9 && left > 0; i++) {
      const add = Math.min(3, left);
      scores[i] = (1 + add) as Score;
      left -= add;
    }
    return scores;
  };

  it('is the sum over 36, equally weighted', () => {
    expect(overallScore(nine(18))).toMatchObject({
      total: 18,
      maximum: 36,
      assessed: 9,
      complete: true,
      exactPercentage: 50,
      percentage: 50,
      rating: 'Requires improvement',
    });
    expect(overallScore(nine(9))).toMatchObject({ percentage: 25, rating: 'Inadequate' });
    expect(overallScore(nine(36))).toMatchObject({ percentage: 100, rating: 'Outstanding' });
  });

  it('rounds half up to a whole percentage, then applies the bands', () => {
    // 13/36 = 36.1 %, 14/36 = 38.9 % → 39 %: the only nine-score case between two bands.
    expect(overallScore(nine(13))).toMatchObject({ percentage: 36, rating: 'Inadequate' });
    const boundary = overallScore(nine(14));
    expect(boundary?.exactPercentage).toBeCloseTo(38.889, 3);
    expect(boundary).toMatchObject({ percentage: 39, rating: 'Requires improvement' });
    expect(overallScore(nine(22))).toMatchObject({
      percentage: 61,
      rating: 'Requires improvement',
    });
    expect(overallScore(nine(23))).toMatchObject({ percentage: 64, rating: 'Good' });
    expect(overallScore(nine(31))).toMatchObject({ percentage: 86, rating: 'Good' });
    expect(overallScore(nine(32))).toMatchObject({ percentage: 89, rating: 'Outstanding' });
  });

  it('every possible nine-score total falls in the band of its rounded percentage', () => {
    for (let total = 9; total <= 36; total++) {
      const result = overallScore(nine(total));
      const rounded = Math.round((total / 36) * 100);
      expect(result?.percentage).toBe(rounded);
      const expected =
        rounded >= 88
          ? 'Outstanding'
          : rounded >= 63
            ? 'Good'
            : rounded >= 39
              ? 'Requires improvement'
              : 'Inadequate';
      expect(result?.rating).toBe(expected);
    }
  });

  it('counts only the statements assessed; exact halves round up', () => {
    // 21/24 = 87.5 % → 88 % Outstanding ("over 87 %"); 15/24 = 62.5 % → 63 % Good.
    expect(overallScore([4, 4, 4, 3, 3, 3])).toMatchObject({
      maximum: 24,
      percentage: 88,
      rating: 'Outstanding',
      complete: false,
    });
    expect(overallScore([3, 3, 3, 2, 2, 2])).toMatchObject({ percentage: 63, rating: 'Good' });
    expect(overallScore({ QS1: 2, QS7: 1 })).toMatchObject({
      total: 3,
      maximum: 8,
      assessed: 2,
      percentage: 38,
      rating: 'Inadequate',
    });
    expect(overallScore({})).toBeUndefined();
    expect(overallScore([])).toBeUndefined();
  });

  it('refuses impossible scores', () => {
    expect(() => overallScore([5 as Score])).toThrow(RangeError);
    expect(() => overallScore([0 as Score])).toThrow(RangeError);
    expect(() => overallScore(Array(10).fill(1) as Score[])).toThrow(RangeError);
  });

  it('bands whole percentages: 25–38, 39–62, 63–87, 88+', () => {
    expect(ratingForPercentage(25)).toBe('Inadequate');
    expect(ratingForPercentage(38)).toBe('Inadequate');
    expect(ratingForPercentage(39)).toBe('Requires improvement');
    expect(ratingForPercentage(62)).toBe('Requires improvement');
    expect(ratingForPercentage(63)).toBe('Good');
    expect(ratingForPercentage(87)).toBe('Good');
    expect(ratingForPercentage(88)).toBe('Outstanding');
    expect(ratingForPercentage(100)).toBe('Outstanding');
    expect(() => ratingForPercentage(38.9)).toThrow(RangeError);
    expect(() => ratingForPercentage(101)).toThrow(RangeError);
    expect(() => ratingForPercentage(-1)).toThrow(RangeError);
  });
});
