/**
 * The CQC local authority assessment framework as reference data: 4 themes, 9 quality statements,
 * the 1–4 scoring scale and the overall rating bands. Fixed; never stored as events.
 */

export const THEME_CODES = ['T1', 'T2', 'T3', 'T4'] as const;
export type ThemeCode = (typeof THEME_CODES)[number];

export const QUALITY_STATEMENT_CODES = [
  'QS1',
  'QS2',
  'QS3',
  'QS4',
  'QS5',
  'QS6',
  'QS7',
  'QS8',
  'QS9',
] as const;
export type QualityStatementCode = (typeof QUALITY_STATEMENT_CODES)[number];

export interface Theme {
  readonly code: ThemeCode;
  readonly number: 1 | 2 | 3 | 4;
  readonly name: string;
  readonly qualityStatements: readonly QualityStatementCode[];
}

export interface QualityStatement {
  readonly code: QualityStatementCode;
  readonly number: number;
  readonly name: string;
  readonly theme: ThemeCode;
}

export const THEMES: readonly Theme[] = Object.freeze([
  { code: 'T1', number: 1, name: 'Working with people', qualityStatements: ['QS1', 'QS2', 'QS3'] },
  { code: 'T2', number: 2, name: 'Providing support', qualityStatements: ['QS4', 'QS5'] },
  {
    code: 'T3',
    number: 3,
    name: 'Ensuring safety within the system',
    qualityStatements: ['QS6', 'QS7'],
  },
  { code: 'T4', number: 4, name: 'Leadership', qualityStatements: ['QS8', 'QS9'] },
] as const satisfies readonly Theme[]);

export const QUALITY_STATEMENTS: readonly QualityStatement[] = Object.freeze([
  { code: 'QS1', number: 1, name: 'Assessing needs', theme: 'T1' },
  { code: 'QS2', number: 2, name: 'Supporting people to live healthier lives', theme: 'T1' },
  { code: 'QS3', number: 3, name: 'Equity in experience and outcomes', theme: 'T1' },
  { code: 'QS4', number: 4, name: 'Care provision, integration and continuity', theme: 'T2' },
  { code: 'QS5', number: 5, name: 'Partnerships and communities', theme: 'T2' },
  { code: 'QS6', number: 6, name: 'Safe systems, pathways and transitions', theme: 'T3' },
  { code: 'QS7', number: 7, name: 'Safeguarding', theme: 'T3' },
  { code: 'QS8', number: 8, name: 'Governance, management and sustainability', theme: 'T4' },
  { code: 'QS9', number: 9, name: 'Learning, improvement and innovation', theme: 'T4' },
] as const satisfies readonly QualityStatement[]);

export function isQualityStatementCode(value: unknown): value is QualityStatementCode {
  return (
    typeof value === 'string' && (QUALITY_STATEMENT_CODES as readonly string[]).includes(value)
  );
}

export function isThemeCode(value: unknown): value is ThemeCode {
  return typeof value === 'string' && (THEME_CODES as readonly string[]).includes(value);
}

export function qualityStatement(code: QualityStatementCode): QualityStatement {
  return QUALITY_STATEMENTS.find((qs) => qs.code === code) as QualityStatement;
}

export function theme(code: ThemeCode): Theme {
  return THEMES.find((t) => t.code === code) as Theme;
}

export function themeOf(code: QualityStatementCode): Theme {
  return theme(qualityStatement(code).theme);
}

// ---------------------------------------------------------------------------------------------
// Scores

export const SCORES = [1, 2, 3, 4] as const;
export type Score = (typeof SCORES)[number];

/** Short words for a score, for tables: 1 significant shortfalls … 4 exceptional standard. */
export const SCORE_WORDS: Readonly<Record<Score, string>> = Object.freeze({
  1: 'significant shortfalls',
  2: 'some shortfalls',
  3: 'good standard',
  4: 'exceptional standard',
});

/** CQC's wording of a score: "Evidence shows some shortfalls". */
export function scoreDescription(score: Score): string {
  return `Evidence shows ${score === 3 ? 'a ' : score === 4 ? 'an ' : ''}${SCORE_WORDS[score]}`;
}

export function isScore(value: unknown): value is Score {
  return typeof value === 'number' && (SCORES as readonly number[]).includes(value);
}

/**
 * A score from loose input: 2, "2", "Score: 2", "2 - Evidence shows some shortfalls",
 * "Evidence shows some shortfalls", "some shortfalls". Undefined when it is none of these or
 * when a number and words disagree.
 */
export function resolveScore(input: unknown): Score | undefined {
  if (isScore(input)) return input;
  if (typeof input !== 'string') return undefined;
  const text = normalise(input)
    .replace(/^score\s+/, '')
    .trim();
  const numberMatch = /^([1-4])\b\s*(.*)$/.exec(text);
  const words = (numberMatch ? (numberMatch[2] as string) : text)
    .replace(/^evidence shows\s+/, '')
    .replace(/^an?\s+/, '')
    .trim();
  const fromWords =
    words === '' ? undefined : SCORES.find((s) => normalise(SCORE_WORDS[s]) === words);
  const fromNumber = numberMatch ? (Number(numberMatch[1]) as Score) : undefined;
  if (fromNumber !== undefined && words !== '' && fromWords !== fromNumber) return undefined;
  return fromNumber ?? fromWords;
}

// ---------------------------------------------------------------------------------------------
// Overall percentage and rating

export const RATINGS = ['Inadequate', 'Requires improvement', 'Good', 'Outstanding'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * The rating for a whole-number overall percentage: 25–38 Inadequate, 39–62 Requires
 * improvement, 63–87 Good, 88 and above Outstanding. Percentages below 25 cannot arise from valid
 * scores; they are Inadequate. Throws RangeError outside 0–100 or for a fraction (round first:
 * see overallScore).
 */
export function ratingForPercentage(percentage: number): Rating {
  if (!Number.isInteger(percentage) || percentage < 0 || percentage > 100) {
    throw new RangeError(`Expected a whole percentage 0–100, got ${percentage}`);
  }
  if (percentage >= 88) return 'Outstanding';
  if (percentage >= 63) return 'Good';
  if (percentage >= 39) return 'Requires improvement';
  return 'Inadequate';
}

export interface OverallScore {
  /** Sum of the scores counted. */
  readonly total: number;
  /** 4 × the number of quality statements scored (36 when all nine are). */
  readonly maximum: number;
  /** How many quality statements were scored (0–9). */
  readonly assessed: number;
  /** True when all nine quality statements have a score. */
  readonly complete: boolean;
  /** total / maximum × 100, unrounded (e.g. 38.888…). */
  readonly exactPercentage: number;
  /** exactPercentage rounded half up to a whole number: the figure the bands apply to. */
  readonly percentage: number;
  readonly rating: Rating;
}

/**
 * The overall score: the scores as a percentage of the maximum, all quality statements weighted
 * equally. Rounding: the percentage is rounded half up to a whole number, then banded. So 14/36
 * (38.9 %) shows as 39 % and is Requires improvement; 87.5 % (possible with fewer than nine
 * scores) shows as 88 % and is Outstanding — consistent with CQC's own "over 87 %" wording.
 * Integer arithmetic only, so no floating-point edge falls the wrong way.
 *
 * Accepts a map from code to score (missing codes are "not assessed") or a list of scores.
 * Returns undefined when nothing has been scored. Throws RangeError for a score outside 1–4.
 */
export function overallScore(
  scores: Partial<Record<QualityStatementCode, Score>> | readonly Score[],
): OverallScore | undefined {
  const values: number[] = Array.isArray(scores)
    ? [...(scores as readonly Score[])]
    : QUALITY_STATEMENT_CODES.map(
        (code) => (scores as Partial<Record<QualityStatementCode, Score>>)[code],
      ).filter((s): s is Score => s !== undefined);
  if (values.length > QUALITY_STATEMENT_CODES.length) {
    throw new RangeError(`At most nine scores, got ${values.length}`);
  }
  for (const value of values) {
    if (!isScore(value)) throw new RangeError(`A score is 1, 2, 3 or 4, got ${String(value)}`);
  }
  if (values.length === 0) return undefined;
  const total = values.reduce((a, b) => a + b, 0);
  const maximum = values.length * 4;
  const percentage = Math.floor((total * 200 + maximum) / (2 * maximum));
  return {
    total,
    maximum,
    assessed: values.length,
    complete: values.length === QUALITY_STATEMENT_CODES.length,
    exactPercentage: (total * 100) / maximum,
    percentage,
    rating: ratingForPercentage(percentage),
  };
}

// ---------------------------------------------------------------------------------------------
// Loose name matching

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};

const STOP_WORDS = new Set(['and', 'in', 'the', 'of', 'to', 'with', 'within', 'for', 'a', 'an']);

/** Lower case, `&` → `and`, every run of non-letters/digits → one space, trimmed. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Significant words, each without a plural `s`: "Safe Systems, pathways" → safe system pathway. */
function keyWords(text: string): string[] {
  return normalise(text)
    .split(' ')
    .filter((w) => w.length > 0 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/**
 * The single candidate whose name the input matches: exactly (by key words), else as a leading
 * part of the name of at least two words ("Safe systems, pathways", "Ensuring safety").
 * Undefined when none or several.
 */
function matchByName<T extends { name: string }>(
  input: string,
  candidates: readonly T[],
): T | undefined {
  const words = keyWords(input);
  if (words.length === 0) return undefined;
  const named = candidates.map((c) => ({ c, words: keyWords(c.name) }));
  const exact = named.filter((n) => n.words.join(' ') === words.join(' '));
  if (exact.length === 1) return exact[0]?.c;
  // A shortened name must keep at least two significant words: "Safe" alone names nothing.
  if (words.length < 2) return undefined;
  const prefixed = named.filter(
    (n) => n.words.length > words.length && words.every((w, i) => n.words[i] === w),
  );
  return prefixed.length === 1 ? prefixed[0]?.c : undefined;
}

function numberFrom(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  return NUMBER_WORDS[token];
}

/** Split "Theme 1 – Working with People - Assessing Needs" at dashes and colons. */
function segments(input: string): string[] {
  return input
    .split(/\s+[-–—]\s+|\s*[:|]\s*|\s*[–—]\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

interface CodePrefix {
  number: number;
  rest: string;
}

/** "QS7", "qs 7", "QS07 Safeguarding", "Quality statement seven: Safeguarding". */
function qualityStatementPrefix(input: string): CodePrefix | undefined {
  const text = normalise(input);
  const m =
    /^qs\s*0*(\d+)(?:\s+(.*))?$/.exec(text) ?? /^quality statement\s+(\w+)(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  const number = numberFrom(m[1] as string);
  return number === undefined ? undefined : { number, rest: m[2] ?? '' };
}

/** "T3", "t 3", "Theme 3", "Theme three: Ensuring safety". */
function themePrefix(input: string): CodePrefix | undefined {
  const text = normalise(input);
  const m = /^t\s*0*(\d+)(?:\s+(.*))?$/.exec(text) ?? /^theme\s+(\w+)(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  const number = numberFrom(m[1] as string);
  return number === undefined ? undefined : { number, rest: m[2] ?? '' };
}

function resolveWhole<T extends { number: number; name: string }>(
  input: string,
  candidates: readonly T[],
  prefixOf: (input: string) => CodePrefix | undefined,
): T | undefined {
  const prefix = prefixOf(input);
  if (prefix) {
    const byNumber = candidates.find((c) => c.number === prefix.number);
    if (!byNumber) return undefined;
    if (prefix.rest === '') return byNumber;
    const byName = matchByName(prefix.rest, candidates);
    return byName === byNumber ? byNumber : undefined;
  }
  return matchByName(input, candidates);
}

/**
 * A quality statement from a code (`QS7`, `qs7`, `QS 07`), a name matched case- and
 * punctuation-insensitively and tolerant of plurals and a shortened ending ("Equity in
 * experiences and outcomes", "Safe Systems, pathways"), "Quality statement seven: Safeguarding",
 * or a document heading ("Theme 1 – Working with People - Assessing Needs"). A code and a name
 * that disagree resolve to nothing. Undefined when nothing matches unambiguously.
 */
export function resolveQualityStatement(input: unknown): QualityStatement | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const whole = resolveWhole(input, QUALITY_STATEMENTS, qualityStatementPrefix);
  if (whole) return whole;
  // A heading: try its parts from the last ("… - Safeguarding") back to the first.
  const parts = segments(input);
  if (parts.length < 2) return undefined;
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = resolveWhole(parts[i] as string, QUALITY_STATEMENTS, qualityStatementPrefix);
    if (part) {
      // If the heading also names a theme, it must be this statement's theme.
      const named = parts.map((p) => resolveWhole(p, THEMES, themePrefix)).filter((t) => t);
      return named.every((t) => t?.code === part.theme) ? part : undefined;
    }
  }
  return undefined;
}

/**
 * A theme from a code (`T3`, `t3`), "Theme 3", or a name matched loosely ("Ensuring Safety",
 * "Working with People"). Undefined when nothing matches unambiguously.
 */
export function resolveTheme(input: unknown): Theme | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const whole = resolveWhole(input, THEMES, themePrefix);
  if (whole) return whole;
  // "Theme 3 – Ensuring Safety": the number and the name must agree.
  const parts = segments(input);
  if (parts.length < 2) return undefined;
  const found = parts.map((p) => resolveWhole(p, THEMES, themePrefix)).filter((t) => t);
  if (found.length === 0) return undefined;
  return found.every((t) => t === found[0]) ? found[0] : undefined;
}
