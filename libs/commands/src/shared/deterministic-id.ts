import { v5 as uuidv5 } from 'uuid';

const NAMESPACE = '0f6f5c7e-3b7a-4c3e-9d55-2b1c1e0a7a10';

/**
 * The id a creating command gets when it carries an Idempotency-Key: the same person retrying with
 * the same key reaches the same stream, where the log remembers the first answer. Imports use it
 * for content keys, so a document imported twice raises nothing twice.
 */
export function deterministicId(...parts: string[]): string {
  return uuidv5(parts.join('\u001f'), NAMESPACE);
}
