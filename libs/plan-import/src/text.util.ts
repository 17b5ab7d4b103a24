import { type QualityStatementCode } from '@asc/domain';

/** Whitespace runs (including newlines and non-breaking spaces) to one space, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lower case, every run of non-letters/digits → one space: for matching headings loosely. */
export function looseWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Markdown emphasis left over from a converted document: `**bold**`, `__bold__`. */
export function stripEmphasis(text: string): string {
  return text.replace(/\*\*|__/g, '');
}

const SKIPPED_TEXT_MAX = 120;

/** A line as reported in `skipped[]`: trimmed, whitespace collapsed, at most 120 characters. */
export function skippedText(text: string): string {
  const trimmed = collapseWhitespace(text);
  return trimmed.length <= SKIPPED_TEXT_MAX
    ? trimmed
    : `${trimmed.slice(0, SKIPPED_TEXT_MAX - 1)}…`;
}

/** Kinds of item a content key is made for. */
export type ContentKeyKind =
  'action' | 'working-well' | 'area-for-improvement' | 'cqc-finding' | 'score';

/** Text kept in a key before it is shortened. */
export const KEY_TEXT_MAX = 160;

/**
 * Text as it appears in a content key: Unicode-normalised (NFKC), lower case, typographic
 * dashes and quotes made plain, whitespace collapsed, trailing `.`/`;`/`,`/`:` dropped. So the
 * same bullet keys the same way even if re-typed with a different dash or trailing full stop.
 */
export function normaliseForKey(text: string): string {
  return collapseWhitespace(
    stripEmphasis(text)
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201f\u2033]/g, '"'),
  ).replace(/[\s.;,:]+$/, '');
}

/**
 * A 32-bit FNV-1a checksum of a string, as 8 hex digits. Not cryptographic and not meant to be:
 * it only keeps two long texts that share their first KEY_TEXT_MAX characters apart.
 */
function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The stable content key of an imported item: `QS3:action:co-production and engagement`.
 * The text part is normaliseForKey(text). Text longer than KEY_TEXT_MAX characters is cut there
 * and followed by `…#<length>-<checksum of the whole normalised text>`, so keys stay short,
 * identical on every import of the same document, and different for different long items.
 */
export function contentKey(
  qualityStatement: QualityStatementCode,
  kind: ContentKeyKind,
  text: string,
): string {
  const normalised = normaliseForKey(text);
  const body =
    normalised.length <= KEY_TEXT_MAX
      ? normalised
      : `${normalised.slice(0, KEY_TEXT_MAX).trimEnd()}…#${normalised.length}-${fnv1a32(normalised)}`;
  return `${qualityStatement}:${kind}:${body}`;
}

export const TITLE_MAX = 200;

/**
 * An action's title and description from its text. Text of at most 200 characters is the title,
 * with no description. Longer text: the title is its first sentence when that sentence fits in
 * 200 characters, otherwise the first 200 characters cut back to a word boundary followed by
 * `…`; the description is then the full text.
 */
export function titleAndDescription(text: string): { title: string; description: string | null } {
  const full = collapseWhitespace(text);
  if (full.length <= TITLE_MAX) return { title: full, description: null };
  const sentence = /^(.+?[.!?])(?=\s+\S)/.exec(full);
  if (sentence && (sentence[1] as string).length <= TITLE_MAX) {
    return { title: sentence[1] as string, description: full };
  }
  const head = full.slice(0, TITLE_MAX - 1);
  const lastSpace = head.lastIndexOf(' ');
  const cut = (lastSpace > TITLE_MAX / 2 ? head.slice(0, lastSpace) : head).replace(
    /[\s,;:.–—-]+$/,
    '',
  );
  return { title: `${cut}…`, description: full };
}
