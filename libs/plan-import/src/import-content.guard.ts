import { ImportFormatError } from './import-format.error';

/** Limits on one uploaded document. */
export const IMPORT_LIMITS = Object.freeze({
  /** More lines than this is refused. */
  maxLines: 5_000,
  /** More UTF-8 bytes than this (2 MiB) is refused. */
  maxBytes: 2 * 1024 * 1024,
});

/** UTF-8 length of a string, counted without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The document's text ready to read: checked to be non-empty text within the limits, a leading
 * UTF-8 byte-order mark removed, and CRLF / lone CR line endings turned into LF (so line numbers
 * are the file's own). Throws ImportFormatError otherwise.
 */
export function prepareContent(content: unknown): string {
  if (typeof content !== 'string') {
    throw new ImportFormatError('not-text', 'content must be the document as text');
  }
  // Every character is at least one byte: a cheap check before counting.
  if (content.length > IMPORT_LIMITS.maxBytes || utf8ByteLength(content) > IMPORT_LIMITS.maxBytes) {
    throw new ImportFormatError(
      'too-large',
      `content is larger than ${IMPORT_LIMITS.maxBytes / (1024 * 1024)} MB: split the document`,
    );
  }
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    throw new ImportFormatError('empty', 'content is empty: there is nothing to import');
  }
  const lineCount = splitLines(text).length;
  if (lineCount > IMPORT_LIMITS.maxLines) {
    throw new ImportFormatError(
      'too-many-lines',
      `content has ${lineCount} lines, more than the ${IMPORT_LIMITS.maxLines} allowed: split the document`,
    );
  }
  return text;
}

/** The lines of LF text; a final newline does not start another line. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
