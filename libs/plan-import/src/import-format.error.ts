/** Why a whole document was refused. */
export type ImportFormatErrorCode =
  | 'not-text'
  | 'empty'
  | 'too-large'
  | 'too-many-lines'
  | 'no-quality-statements'
  | 'missing-columns'
  | 'malformed-csv'
  | 'no-rows'
  | 'unknown-format';

/**
 * The document as a whole cannot be imported (nothing was read from it). The HTTP layer answers
 * 400 naming `field` (`content`, or `format` for an unknown format) with `message`.
 */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  readonly code: ImportFormatErrorCode;
  readonly field: 'content' | 'format';
  /** For `missing-columns`: the required columns the CSV header lacks, by their usual names. */
  readonly missingColumns: readonly string[];
  /** The 1-based line the problem was found on, when there is one. */
  readonly line: number | undefined;

  constructor(
    code: ImportFormatErrorCode,
    message: string,
    options: {
      field?: 'content' | 'format';
      missingColumns?: readonly string[];
      line?: number;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.field = options.field ?? 'content';
    this.missingColumns = options.missingColumns ?? [];
    this.line = options.line;
  }

  toJSON(): { code: ImportFormatErrorCode; field: string; message: string } {
    return { code: this.code, field: this.field, message: this.message };
  }
}

export function isImportFormatError(error: unknown): error is ImportFormatError {
  return error instanceof ImportFormatError;
}
