import { QUALITY_STATEMENT_CODES, type QualityStatementCode } from '@asc/domain';
import {
  type ImportLayout,
  type ImportResult,
  type ImportedAction,
  type ImportedFinding,
  type ImportedScore,
  type SkippedLine,
} from './import-result';
import { skippedText } from './text.util';

/**
 * Collects what a parser finds. An item whose key was already taken earlier in the same document
 * is not added twice: it is skipped as a duplicate naming the first line, so keys are unique
 * within one result.
 */
export class ImportResultBuilder {
  private readonly actions: ImportedAction[] = [];
  private readonly findings: ImportedFinding[] = [];
  private readonly scores: ImportedScore[] = [];
  private readonly skipped: SkippedLine[] = [];
  private readonly seen = new Set<QualityStatementCode>();
  private readonly firstLineOfKey = new Map<string, number>();

  constructor(private readonly format: ImportLayout) {}

  see(qualityStatement: QualityStatementCode): void {
    this.seen.add(qualityStatement);
  }

  hasSeen(qualityStatement: QualityStatementCode): boolean {
    return this.seen.has(qualityStatement);
  }

  get seenCount(): number {
    return this.seen.size;
  }

  skip(line: number, text: string, reason: string): void {
    this.skipped.push({ line, text: skippedText(text), reason });
  }

  /** Adds the action; false (and a skipped line showing `text`) when its key is a duplicate. */
  addAction(action: ImportedAction, text: string): boolean {
    if (!this.claim(action.key, action.line, text, 'the same quality statement and title')) {
      return false;
    }
    this.see(action.qualityStatement);
    this.actions.push(action);
    return true;
  }

  /** Adds the finding; false (and a skipped line showing `text`) when its key is a duplicate. */
  addFinding(finding: ImportedFinding, text: string = finding.text): boolean {
    if (!this.claim(finding.key, finding.line, text, 'the same quality statement and text')) {
      return false;
    }
    this.see(finding.qualityStatement);
    this.findings.push(finding);
    return true;
  }

  /** Adds the score unless the document already scored this statement from this source. */
  addScore(score: ImportedScore, text: string): boolean {
    const earlier = this.scores.find(
      (s) => s.qualityStatement === score.qualityStatement && s.source === score.source,
    );
    if (earlier) {
      this.skip(
        score.line,
        text,
        earlier.score === score.score
          ? `duplicate of line ${earlier.line}: ${score.qualityStatement} is already scored ${earlier.score}`
          : `conflicting score: line ${earlier.line} already scores ${score.qualityStatement} ${earlier.score}`,
      );
      return false;
    }
    this.see(score.qualityStatement);
    this.scores.push(score);
    return true;
  }

  build(): ImportResult {
    return {
      format: this.format,
      actions: [...this.actions].sort((a, b) => a.line - b.line),
      findings: [...this.findings].sort((a, b) => a.line - b.line),
      scores: [...this.scores].sort((a, b) => a.line - b.line),
      skipped: [...this.skipped].sort((a, b) => a.line - b.line),
      qualityStatementsSeen: QUALITY_STATEMENT_CODES.filter((code) => this.seen.has(code)),
    };
  }

  private claim(key: string, line: number, text: string, sameWhat: string): boolean {
    const first = this.firstLineOfKey.get(key);
    if (first !== undefined) {
      this.skip(line, text, `duplicate of line ${first} (${sameWhat})`);
      return false;
    }
    this.firstLineOfKey.set(key, line);
    return true;
  }
}
