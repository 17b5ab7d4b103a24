import { type QualityStatementCode, resolveQualityStatement, resolveScore } from '@asc/domain';
import { prepareContent, splitLines } from './import-content.guard';
import { ImportFormatError } from './import-format.error';
import { type ActionPriority, type ImportResult } from './import-result';
import { ImportResultBuilder } from './import-result.builder';
import {
  collapseWhitespace,
  contentKey,
  looseWords,
  stripEmphasis,
  titleAndDescription,
} from './text.util';

/** The three sub-headings of a quality statement section. */
type SubKind = 'working-well' | 'area-for-improvement' | 'actions';

/** `- `, `* `, `– ` bullets, and symbol bullets (`•`, `▪`, `➢` …) with or without a space. */
const SYMBOL_BULLET = /^(?:[-*–—+]\s+|[•·▪◦‣●○■□➢►✓✔]\s*)(\S.*)$/u;
/** `1. `, `2) `, `(3) ` */
const NUMBERED = /^\(?\d{1,2}[.)]\s+(\S.*)$/;

const WORKING_WELL = [
  /^(?:what\s+(?:is\s+|s\s+|are\s+)?)?(?:working|works|worked|went|going)\s+well$/,
  /^(?:our\s+|key\s+)?strengths$/,
];
const IMPROVEMENT = [
  /^(?:key\s+)?areas?\s+(?:for|of|to|requiring|needing|that\s+needs?)\s+(?:further\s+)?(?:improvement|improve|improving|development|develop)s?$/,
  /^(?:improvement|development)\s+areas?$/,
  /^what\s+(?:we\s+)?(?:need|needs|could)\s+(?:to\s+)?(?:improve|improving|be\s+better)$/,
];
const ACTIONS = [
  /^(?:our\s+|next\s+)?(?:priorities|priority|actions?|next\s+steps|priority\s+actions|improvement\s+actions|action\s+plan)(?:\s+(?:and\s+|or\s+)?(?:priorities|actions?|next\s+steps))?$/,
];
/** A plan-level section ("High Level Action Plan on a Page"); "Key actions" is decided in context. */
const PLAN_PAGE =
  /\b(?:high\s+level\s+action\s+plan|action\s+plan\s+on\s+a\s+page|plan\s+on\s+a\s+page)\b/;
const KEY_ACTIONS = /^key\s+actions?$/;
const THEME_HEADING = /^theme\s+(?:[1-4]|one|two|three|four)\b/;
const CONTENTS_HEADING = /^(?:table\s+of\s+)?contents$/;
/** A contents line ending in a page number after dot leaders, a tab or a wide gap. */
const PAGE_NUMBER = /(?:\.{2,}|\t|\s{2,})\s*\d{1,3}$/;
const SCORE_LINE =
  /^(?:self[\s-]?assess(?:ment|ed)\s+)?(?:score|rating)\s*(?:[:\-–—]\s*|\s+(?=[1-4]\b))(.+)$/i;

/**
 * How a bullet's text sets the priority of the action it becomes. Medium, unless the text says
 * explicitly: "high priority", "top priority", "urgent priority", "priority: high", "(high)",
 * "[high]" give high; "low priority", "priority: low", "(low)", "[low]" give low; "(medium)" or
 * "priority: medium" give medium. Wording such as "high risk" or "urgent" on its own is about the
 * subject, not the action's priority, and leaves it medium. Both high and low markers: medium.
 */
export function inferPriority(text: string): ActionPriority {
  const t = text.toLowerCase();
  const marker = (level: string) =>
    new RegExp(
      `\\bpriority\\s*[:=\\-–]?\\s*${level}\\b|[(\\[]\\s*${level}(?:\\s+priority)?\\s*[)\\]]`,
    ).test(t);
  const high = /\b(?:high|top|urgent)[\s-]+priority\b/.test(t) || marker('high');
  const low = /\blow[\s-]+priority\b/.test(t) || marker('low');
  if (high && !low) return 'high';
  if (low && !high) return 'low';
  return 'medium';
}

function subHeadingKind(line: string): SubKind | undefined {
  const words = looseWords(line);
  if (WORKING_WELL.some((re) => re.test(words))) return 'working-well';
  if (IMPROVEMENT.some((re) => re.test(words))) return 'area-for-improvement';
  if (ACTIONS.some((re) => re.test(words))) return 'actions';
  return undefined;
}

function headingText(line: string): string {
  return collapseWhitespace(stripEmphasis(line)).replace(/\s*:$/, '');
}

/** "QS1: …", "Assessing needs – …", "Theme 3 – Ensuring Safety - Safeguarding | …". */
function statementPrefixed(text: string): { qs: QualityStatementCode; rest: string } | undefined {
  const separator = /\s*(?::|\||\t|\s[-–—]\s)\s*/g;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    const qs = resolveQualityStatement(text.slice(0, m.index));
    const rest = text.slice(m.index + m[0].length).trim();
    if (qs && rest !== '') return { qs: qs.code, rest };
  }
  return undefined;
}

interface Section {
  readonly qs: QualityStatementCode;
  readonly heading: string;
}

interface Pending {
  readonly line: number;
  /** The first line as written, for `skipped` if the item turns out to be a duplicate. */
  readonly firstLine: string;
  readonly parts: string[];
  readonly qs: QualityStatementCode;
  readonly kind: SubKind;
  readonly reference: string;
}

type Mode = 'preamble' | 'contents' | 'section' | 'no-statement' | 'plan';

const REASON = {
  contentsHeading: 'contents page heading',
  contentsEntry: 'contents page entry (sections are read where they appear in the document)',
  intro: 'introductory text before the first quality statement section',
  noStatementHeading: 'heading names no single quality statement: lines under it are not imported',
  underNoStatement: (line: number) =>
    `under the heading on line ${line}, which names no quality statement`,
  outsideSubHeading: (qs: QualityStatementCode) =>
    `text in the ${qs} section outside its sub-headings (What is working well / Areas for improvement / Priorities/Actions)`,
  notBullet: (qs: QualityStatementCode, sub: string) =>
    `not a bullet: only bullets under '${sub}' are imported (${qs})`,
  subHeadingOutside: 'sub-heading outside a quality statement section',
  planUnmapped:
    "action plan on a page: the line names no quality statement (write 'QS1: …' or put it under a statement heading)",
  planEmpty: 'action plan on a page: the section is empty in this document, nothing to import',
  planNothing:
    'action plan on a page: none of its lines names a quality statement, nothing imported',
  score: "score line not understood: expected 'Score: 1' to 'Score: 4'",
};

/**
 * Reads a council's self-assessment (the layout of Medway's March 2024 document):
 *
 * - A section starts at a heading naming one quality statement, such as
 *   `Theme 1 – Working with People - Assessing Needs` (dashes, case and spelling matched loosely
 *   by resolveQualityStatement; a leading `2.` is ignored).
 * - In a section, the sub-headings "What is working well", "Areas for Improvement" and
 *   "Priorities/Actions" (and close variants) introduce bullets. Each bullet under the first two
 *   becomes a finding (`working-well` / `area-for-improvement`); each under the third an action.
 *   A bullet runs on over following non-blank, non-bullet, non-heading lines (joined).
 * - An optional `Score: N` / `Self-assessment score: N` line in a section gives a
 *   self-assessment score.
 * - The contents page (after a `Contents` line: numbered entries, bullets and page-numbered
 *   lines) is skipped, as is everything before the first section.
 * - A "High Level Action Plan on a Page" (or, after a section that already had its actions,
 *   "Key actions") section: its bullets become actions when they name a statement
 *   (`QS1: …`, `Assessing needs – …`) or sit under a statement heading; otherwise skipped.
 *
 * Every other non-empty line is in `skipped` with its line number and the reason. An item that
 * repeats an earlier one (same statement, kind and text) is skipped as a duplicate.
 * Throws ImportFormatError for empty or oversized text, or when no section is found.
 */
export function parseSelfAssessment(content: string): ImportResult {
  const lines = splitLines(prepareContent(content));
  const result = new ImportResultBuilder('self-assessment');

  let mode: Mode = 'preamble';
  let section: Section | undefined;
  let sub: { kind: SubKind; heading: string } | undefined;
  let sectionHadActions = false;
  let noStatementHeadingLine = 0;
  let plan: { line: number; text: string; lines: number; imported: number } | undefined;
  let pending: Pending | undefined;
  let contentsNamed = 0;

  const flush = () => {
    if (!pending) return;
    const text = collapseWhitespace(pending.parts.join(' '));
    if (pending.kind === 'actions') {
      const { title, description } = titleAndDescription(text);
      const added = result.addAction(
        {
          key: contentKey(pending.qs, 'action', text),
          line: pending.line,
          qualityStatement: pending.qs,
          title,
          description,
          priority: inferPriority(text),
          source: { kind: 'self-assessment', reference: pending.reference },
        },
        pending.firstLine,
      );
      if (added && plan && mode === 'plan') plan.imported++;
    } else {
      result.addFinding(
        {
          key: contentKey(pending.qs, pending.kind, text),
          line: pending.line,
          qualityStatement: pending.qs,
          kind: pending.kind,
          text,
        },
        pending.firstLine,
      );
    }
    pending = undefined;
  };

  const closePlan = () => {
    if (plan && plan.imported === 0) {
      result.skip(plan.line, plan.text, plan.lines === 0 ? REASON.planEmpty : REASON.planNothing);
    }
    plan = undefined;
  };

  const startPlan = (n: number, line: string, qs: QualityStatementCode | undefined) => {
    closePlan();
    mode = 'plan';
    plan = { line: n, text: line, lines: 0, imported: 0 };
    section = qs ? { qs, heading: headingText(line) } : undefined;
    if (qs) result.see(qs);
    sub = undefined;
  };

  const reference = (n: number) => {
    const where =
      mode === 'plan'
        ? [plan ? headingText(plan.text) : undefined, section?.heading]
        : [section?.heading, sub?.heading];
    return `${where.filter((w) => w).join(' › ')} (line ${n})`;
  };

  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trim();
    if (line === '') {
      flush();
      return;
    }
    if (mode === 'plan' && plan) plan.lines++;

    const symbolBullet = SYMBOL_BULLET.exec(line);
    const numbered = symbolBullet ? null : NUMBERED.exec(line);

    if (mode === 'contents') {
      if (symbolBullet || numbered || PAGE_NUMBER.test(line)) {
        if (resolveQualityStatement((symbolBullet ?? numbered)?.[1] ?? line)) contentsNamed++;
        result.skip(n, line, REASON.contentsEntry);
        return;
      }
      mode = 'preamble';
    }

    // Headings: never a symbol bullet; a numbered line may be a numbered heading.
    if (!symbolBullet) {
      const candidate = stripEmphasis(numbered ? (numbered[1] as string) : line);
      const words = looseWords(candidate);
      if (CONTENTS_HEADING.test(words) && mode === 'preamble') {
        flush();
        mode = 'contents';
        result.skip(n, line, REASON.contentsHeading);
        return;
      }
      const qs = candidate.length <= 150 ? resolveQualityStatement(candidate)?.code : undefined;
      if (KEY_ACTIONS.test(words) && mode === 'section' && section && !sectionHadActions) {
        // "Key actions" inside a section that has had no actions yet: that section's actions.
        flush();
        sub = { kind: 'actions', heading: headingText(candidate) };
        sectionHadActions = true;
        return;
      }
      if (PLAN_PAGE.test(words) || KEY_ACTIONS.test(words)) {
        flush();
        startPlan(n, line, qs);
        return;
      }
      if (qs) {
        flush();
        if (mode !== 'plan') mode = 'section';
        section = { qs, heading: headingText(candidate) };
        sub = undefined;
        sectionHadActions = false;
        result.see(qs);
        return;
      }
      if (THEME_HEADING.test(words) && mode !== 'preamble') {
        flush();
        closePlan();
        mode = 'no-statement';
        section = undefined;
        sub = undefined;
        noStatementHeadingLine = n;
        result.skip(n, line, REASON.noStatementHeading);
        return;
      }
      const kind = subHeadingKind(candidate);
      if (kind) {
        flush();
        if (section && (mode === 'section' || mode === 'plan')) {
          if (mode === 'plan') closePlan();
          mode = 'section';
          sub = { kind, heading: headingText(candidate) };
          if (kind === 'actions') sectionHadActions = true;
        } else {
          result.skip(n, line, mode === 'preamble' ? REASON.intro : REASON.subHeadingOutside);
        }
        return;
      }
      if (mode === 'section' && section && !numbered) {
        const score = SCORE_LINE.exec(candidate);
        if (score) {
          flush();
          const value = resolveScore(score[1]);
          if (value === undefined) result.skip(n, line, REASON.score);
          else {
            result.addScore(
              {
                key: contentKey(section.qs, 'score', `self-assessment ${value}`),
                line: n,
                qualityStatement: section.qs,
                score: value,
                source: 'self-assessment',
              },
              line,
            );
          }
          return;
        }
      }
    }

    const bulletText =
      symbolBullet?.[1] ?? (numbered && (sub || mode === 'plan') ? numbered[1] : undefined);
    if (bulletText !== undefined) {
      flush();
      const text = stripEmphasis(bulletText);
      if (mode === 'section' && section && sub) {
        pending = {
          line: n,
          firstLine: line,
          parts: [text],
          qs: section.qs,
          kind: sub.kind,
          reference: reference(n),
        };
      } else if (mode === 'plan') {
        const prefixed = statementPrefixed(text);
        if (prefixed) {
          pending = {
            line: n,
            firstLine: line,
            parts: [prefixed.rest],
            qs: prefixed.qs,
            kind: 'actions',
            reference: reference(n),
          };
        } else if (section) {
          pending = {
            line: n,
            firstLine: line,
            parts: [text],
            qs: section.qs,
            kind: 'actions',
            reference: reference(n),
          };
        } else {
          result.skip(n, line, REASON.planUnmapped);
        }
      } else {
        result.skip(n, line, skipReason());
      }
      return;
    }

    // Running text: a continuation of the bullet above, or not imported.
    if (pending) {
      pending.parts.push(stripEmphasis(line));
      return;
    }
    result.skip(n, line, skipReason());
  });

  function skipReason(): string {
    switch (mode) {
      case 'section':
        return section && sub
          ? REASON.notBullet(section.qs, sub.heading)
          : REASON.outsideSubHeading(section?.qs as QualityStatementCode);
      case 'no-statement':
        return REASON.underNoStatement(noStatementHeadingLine);
      case 'plan':
        return REASON.planUnmapped;
      default:
        return REASON.intro;
    }
  }

  flush();
  closePlan();

  if (result.seenCount === 0) {
    throw new ImportFormatError(
      'no-quality-statements',
      contentsNamed > 0
        ? 'content names quality statements only in its contents page: no section heading such as "Theme 1 – Working with People - Assessing needs" was found'
        : 'content has no recognisable quality statement: expected section headings such as "Theme 1 – Working with People - Assessing needs"',
    );
  }
  return result.build();
}
