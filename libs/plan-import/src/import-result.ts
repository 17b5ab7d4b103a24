import { type QualityStatementCode, type Score } from '@asc/domain';

/** The layouts a document can be read as. `cqc-report` is detected inside `self-assessment`. */
export type ImportLayout = 'self-assessment' | 'cqc-report' | 'csv';

/** The `format` field of `POST /plans/:planId/imports`. */
export const IMPORT_FORMATS = ['self-assessment', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export function isImportFormat(value: unknown): value is ImportFormat {
  return typeof value === 'string' && (IMPORT_FORMATS as readonly string[]).includes(value);
}

export type ActionPriority = 'high' | 'medium' | 'low';
export type FindingKind = 'working-well' | 'area-for-improvement' | 'cqc-finding';
export type ImportedActionSourceKind = 'self-assessment' | 'csv' | 'cqc-report';

/** A priority or action found in the document: becomes ActionRaised (plus owner and due date). */
export interface ImportedAction {
  /** Stable content key: the same bullet gives the same key on every import (see content-key). */
  readonly key: string;
  /** 1-based line of the document where the item starts. */
  readonly line: number;
  readonly qualityStatement: QualityStatementCode;
  /** At most 200 characters (longer text is shortened; the full text is then the description). */
  readonly title: string;
  readonly description: string | null;
  readonly priority: ActionPriority;
  readonly source: { readonly kind: ImportedActionSourceKind; readonly reference: string };
  /** CSV only: lower-cased, validated. */
  readonly ownerEmail?: string;
  /** CSV only: `YYYY-MM-DD`, a real calendar date. */
  readonly dueDate?: string;
}

/** A finding the plan was built from: becomes FindingRecorded. */
export interface ImportedFinding {
  readonly key: string;
  readonly line: number;
  readonly qualityStatement: QualityStatementCode;
  readonly kind: FindingKind;
  readonly text: string;
}

/** A quality statement score: becomes QualityStatementScored. */
export interface ImportedScore {
  readonly key: string;
  readonly line: number;
  readonly qualityStatement: QualityStatementCode;
  readonly score: Score;
  readonly source: 'cqc' | 'self-assessment';
  /** `YYYY-MM-DD` when the document states when it was assessed; otherwise left out. */
  readonly assessedAt?: string;
}

/** A non-empty line that was not imported, and why. */
export interface SkippedLine {
  /** 1-based line number in the document. */
  readonly line: number;
  /** The line, trimmed, at most 120 characters. */
  readonly text: string;
  readonly reason: string;
}

export interface ImportResult {
  /** The layout the document was read as. */
  readonly format: ImportLayout;
  readonly actions: readonly ImportedAction[];
  readonly findings: readonly ImportedFinding[];
  readonly scores: readonly ImportedScore[];
  /** In line order. */
  readonly skipped: readonly SkippedLine[];
  /** Every quality statement the document has a section, row or score for, in QS1…QS9 order. */
  readonly qualityStatementsSeen: readonly QualityStatementCode[];
}
