import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthLogger } from '../src';

export interface RecordingLogger extends AuthLogger {
  logs: string[];
  warnings: string[];
}

export function recordingLogger(): RecordingLogger {
  const logs: string[] = [];
  const warnings: string[] = [];
  return { logs, warnings, log: (m) => void logs.push(m), warn: (m) => void warnings.push(m) };
}

export function temporaryDir(prefix = 'asc-auth-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const b64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** An unsigned token, crafted by hand: `{"alg":"none"}` header, the payload, an empty signature. */
export function unsignedToken(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'none' },
): string {
  return `${b64url(header)}.${b64url(payload)}.`;
}
