import {
  type QualityStatementCode,
  resolveQualityStatement,
  resolveScore,
  type Score,
} from '@asc/domain';
import { parseCalendarDate } from './calendar-date.util';
import { prepareContent, splitLines } from './import-content.guard';
import { ImportFormatError } from './import-format.error';
import { type ImportResult } from './import-result';
import { ImportResultBuilder } from './import-result.builder';
import { collapseWhitespace, contentKey, looseWords, stripEmphasis } from './text.util';

/** `Score: 2`, `Score 2`, `Score – 2 - Evidence shows some shortfalls`. */
const SCORE_LINE = /^score\s*(?:[:\-–—]\s*|\s+)[1-4]\b/i;
const KEY_FINDINGS = /^key\s+findings\b/;
const COMMITMENT = /^(?:the\s+)?local\s+authority\s+commitment$/;
const COPYRIGHT = /^(?:©|\(c\)\s|copyright\b)/i;
/** `Assessment date: 12 March 2024`, `Date of assessment – 2024-03-12`, `Published: 12/03/2024`. */
const ASSESSED_AT =
  /^(?:date\s+of\s+assessment|assessment\s+date|assessed(?:\s+on)?|date\s+assessed|report\s+published|published|publication\s+date)\s*[:\-–—]?\s*(.+)$/i;

/** A sub-heading inside the key findings: one short line, no closing punctuation. */
function isSubHeading(text: string): boolean {
  return (
    text.length <= 100 &&
    !/[.!?:;,]$/.test(text) &&
    text.split(/\s+/).length <= 12 &&
    /^[A-Z0-9‘'"“(]/.test(text)
  );
}

const REASON = {
  beforeStatement: 'text before the quality statement name',
  beforeFindings: "text between the score and 'Key findings' (not a finding)",
  commitment:
    "the local authority commitment: CQC's statement of what good looks like, not a finding",
  subHeading:
    'sub-heading inside the key findings: context for the paragraphs below, not a finding',
  copyright: 'copyright notice',
  scoreWords: (score: Score) => `score wording: restates Score: ${score}`,
  scoreDisagrees: (score: Score) => `score wording disagrees with Score: ${score}, which is kept`,
  scoreWithoutStatement: 'score with no quality statement named above it',
  scoreUnclear: 'score not understood: its number and wording disagree',
};

/**
 * Reads a CQC local authority assessment excerpt (the layout of CQC's published reports, one or
 * more quality statements):
 *
 * - a line naming a quality statement ("Governance, management and sustainability") starts it;
 *   a later statement name starts another only when a `Score:` line comes next;
 * - `Score: N` gives a score (source `cqc`); the wording line below it
 *   ("2 - Evidence shows some shortfalls") is checked against it and skipped;
 * - "The local authority commitment" and its paragraph are skipped (CQC's fixed wording);
 * - after "Key findings for this quality statement" each paragraph (a run of non-blank lines,
 *   joined) becomes one `cqc-finding`; a paragraph of one short line with no closing
 *   punctuation ("Strategic planning") is a sub-heading, skipped as context;
 * - a line such as `Assessment date: 12 March 2024` sets `assessedAt` on every score; without
 *   one, `assessedAt` is left out for the caller to supply.
 *
 * These structural lines are recognised with or without blank lines around them. Throws
 * ImportFormatError for empty or oversized text, or when no statement is named.
 */
export function parseCqcReport(content: string): ImportResult {
  const lines = splitLines(prepareContent(content)).map((l) => stripEmphasis(l).trim());
  const result = new ImportResultBuilder('cqc-report');

  let assessedAt: string | undefined;
  for (const line of lines) {
    const m = ASSESSED_AT.exec(line);
    const parsed = m ? parseCalendarDate(m[1] as string) : undefined;
    if (parsed?.ok) {
      assessedAt = parsed.date;
      break;
    }
  }

  type State = 'before' | 'header' | 'commitment' | 'findings';
  let state: State = 'before';
  let qs: QualityStatementCode | undefined;
  let score: Score | undefined;
  let paragraph: { n: number; text: string }[] = [];

  const nextNonBlank = (index: number): string | undefined => {
    for (let i = index + 1; i < lines.length; i++) if (lines[i] !== '') return lines[i];
    return undefined;
  };

  const closeParagraph = () => {
    const block = paragraph;
    paragraph = [];
    if (block.length === 0) return;
    const first = block[0] as { n: number; text: string };
    const text = collapseWhitespace(block.map((l) => l.text).join(' '));
    const skipAll = (reason: string) => block.forEach((l) => result.skip(l.n, l.text, reason));
    if (COPYRIGHT.test(text)) return skipAll(REASON.copyright);
    if (state === 'before') return skipAll(REASON.beforeStatement);
    if (state === 'header') return skipAll(REASON.beforeFindings);
    if (state === 'commitment') return skipAll(REASON.commitment);
    if (block.length === 1 && isSubHeading(text)) return skipAll(REASON.subHeading);
    const code = qs as QualityStatementCode;
    result.addFinding(
      {
        key: contentKey(code, 'cqc-finding', text),
        line: first.n,
        qualityStatement: code,
        kind: 'cqc-finding',
        text,
      },
      first.text,
    );
  };

  lines.forEach((text, index) => {
    const n = index + 1;
    if (text === '') {
      closeParagraph();
      return;
    }
    const words = looseWords(text);
    const named = text.length <= 120 ? resolveQualityStatement(text) : undefined;
    const next = named ? nextNonBlank(index) : undefined;
    if (named && (qs === undefined || (next !== undefined && SCORE_LINE.test(next)))) {
      closeParagraph();
      qs = named.code;
      score = undefined;
      state = 'header';
      result.see(qs);
      return;
    }
    if (SCORE_LINE.test(text)) {
      closeParagraph();
      const value = resolveScore(text);
      if (!qs || value === undefined) {
        result.skip(n, text, qs ? REASON.scoreUnclear : REASON.scoreWithoutStatement);
        return;
      }
      const added = result.addScore(
        {
          key: contentKey(qs, 'score', `cqc ${value}${assessedAt ? ` ${assessedAt}` : ''}`),
          line: n,
          qualityStatement: qs,
          score: value,
          source: 'cqc',
          ...(assessedAt ? { assessedAt } : {}),
        },
        text,
      );
      if (added) score = value;
      return;
    }
    if (parseCalendarDate(ASSESSED_AT.exec(text)?.[1] ?? '').ok) {
      closeParagraph();
      return; // used: assessedAt
    }
    if (state === 'header' && score !== undefined && paragraph.length === 0) {
      const said = resolveScore(text);
      if (said !== undefined) {
        result.skip(
          n,
          text,
          said === score ? REASON.scoreWords(score) : REASON.scoreDisagrees(score),
        );
        return;
      }
    }
    if (COMMITMENT.test(words)) {
      closeParagraph();
      if (qs) state = 'commitment';
      result.skip(n, text, qs ? REASON.commitment : REASON.beforeStatement);
      return;
    }
    if (KEY_FINDINGS.test(words) && qs) {
      closeParagraph();
      state = 'findings';
      return;
    }
    paragraph.push({ n, text });
  });
  closeParagraph();

  if (result.seenCount === 0) {
    throw new ImportFormatError(
      'no-quality-statements',
      'content names no CQC quality statement: expected a statement name such as "Governance, management and sustainability" followed by "Score: N"',
    );
  }
  return result.build();
}

/**
 * True when the text looks like a CQC assessment excerpt rather than a council's
 * self-assessment: a `Score: N` line with a quality statement named within the three non-blank
 * lines above it, and a "Key findings" heading.
 */
export function looksLikeCqcReport(content: string): boolean {
  const lines = splitLines(content.replace(/\r\n?/g, '\n'))
    .map((l) => stripEmphasis(l).trim())
    .filter((l) => l !== '');
  if (!lines.some((l) => KEY_FINDINGS.test(looseWords(l)))) return false;
  return lines.some(
    (l, i) =>
      SCORE_LINE.test(l) &&
      lines
        .slice(Math.max(0, i - 3), i)
        .some((above) => resolveQualityStatement(above) !== undefined),
  );
}
