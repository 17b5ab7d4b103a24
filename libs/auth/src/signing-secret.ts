import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the logs of this library go; Nest's `Logger` fits, and so does a stderr writer in a CLI. */
export interface AuthLogger {
  log(message: string): void;
  warn(message: string): void;
}

export const SECRET_FILE_NAME = 'auth-secret';
const SECRET_BYTES = 48;
const MIN_SECRET_LENGTH = 32;

/**
 * The HS256 secret of the embedded mode when AUTH_JWT_SECRET is unset: read from
 * `<dataDir>/auth-secret`, or generated (48 random bytes, base64url) and written there with mode
 * 0600 the first time, so tokens survive restarts and every process on the same DATA_DIR (API,
 * worker, CLI) agrees. The file is created atomically (written aside, then hard-linked into place),
 * so two processes starting together end up with the same secret. Logs one line naming the file,
 * never the secret.
 */
export function loadOrCreateSigningSecret(dataDir: string, logger: AuthLogger): string {
  const dir = resolve(dataDir);
  const file = join(dir, SECRET_FILE_NAME);
  const existing = readSecretFile(file, logger);
  if (existing !== undefined) {
    logger.log(`token-signing secret: using ${file} (AUTH_JWT_SECRET is not set)`);
    return existing;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${secret}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temporary, 0o600); // whatever the umask
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process created it first: use theirs.
    const theirs = readSecretFile(file, logger);
    if (theirs === undefined) throw error;
    logger.log(`token-signing secret: using ${file} (AUTH_JWT_SECRET is not set)`);
    return theirs;
  } finally {
    unlinkSync(temporary);
  }
  logger.log(
    `token-signing secret: generated ${file} (mode 0600; AUTH_JWT_SECRET is not set). ` +
      'Tokens signed with it survive restarts; get one with the CLI token command.',
  );
  return secret;
}

function readSecretFile(file: string, logger: AuthLogger): string | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const secret = content.trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds no usable token-signing secret (at least ${MIN_SECRET_LENGTH} characters); ` +
        'delete it to generate a new one (tokens signed with the old one stop working) or set AUTH_JWT_SECRET',
    );
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    logger.warn(`${file} can be read by other users: restrict it with chmod 600`);
  }
  return secret;
}
