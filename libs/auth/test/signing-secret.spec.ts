import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  issueDevToken,
  loadOrCreateSigningSecret,
  resolveHmacTokenKey,
  TokenVerifier,
} from '../src';
import { recordingLogger, temporaryDir } from './auth-test.helpers';

const posix = process.platform !== 'win32';

describe('the generated signing secret (AUTH_JWT_SECRET unset)', () => {
  it('is created once with mode 0600, logged by path only, and reused on the next start', async () => {
    const dataDir = join(temporaryDir(), 'data', 'nested');
    const file = join(dataDir, 'auth-secret');
    const firstLog = recordingLogger();
    const first = TokenVerifier.fromConfig({ DATA_DIR: dataDir }, firstLog);

    expect(existsSync(file)).toBe(true);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8').trim();
    expect(secret).toMatch(/^[\w-]{64}$/); // 48 random bytes, base64url
    expect(firstLog.logs).toHaveLength(1);
    expect(firstLog.logs[0]).toContain(file);
    expect(firstLog.logs[0]).toMatch(/generated/);
    expect(firstLog.logs.join() + firstLog.warnings.join()).not.toContain(secret);
    expect(firstLog.warnings).toEqual([]);

    const token = await issueDevToken(
      { sub: 'ann', roles: ['lead'] },
      resolveHmacTokenKey({ DATA_DIR: dataDir }, recordingLogger()),
    );
    await expect(first.verify(token)).resolves.toMatchObject({ id: 'ann' });

    const mtime = statSync(file).mtimeMs;
    const secondLog = recordingLogger();
    const second = TokenVerifier.fromConfig({ DATA_DIR: dataDir }, secondLog);
    await expect(second.verify(token)).resolves.toMatchObject({ id: 'ann' });
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(secondLog.logs).toHaveLength(1);
    expect(secondLog.logs[0]).toMatch(/using .*auth-secret/);
    expect(secondLog.logs.join()).not.toContain(secret);
  });

  it('is different in another data directory', () => {
    const a = loadOrCreateSigningSecret(temporaryDir(), recordingLogger());
    const b = loadOrCreateSigningSecret(temporaryDir(), recordingLogger());
    expect(a).not.toBe(b);
  });

  it('is not created when AUTH_JWT_SECRET is set', async () => {
    const dataDir = temporaryDir();
    const config = { DATA_DIR: dataDir, AUTH_JWT_SECRET: 's'.repeat(40) };
    const verifier = TokenVerifier.fromConfig(config, recordingLogger());
    expect(existsSync(join(dataDir, 'auth-secret'))).toBe(false);
    const token = await issueDevToken(
      { sub: 'ann', roles: ['viewer'] },
      resolveHmacTokenKey(config),
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['viewer'] });
  });

  it('refuses an empty or truncated file rather than sign with it', () => {
    const dataDir = temporaryDir();
    writeFileSync(join(dataDir, 'auth-secret'), 'short\n', { mode: 0o600 });
    expect(() => loadOrCreateSigningSecret(dataDir, recordingLogger())).toThrow(
      /no usable token-signing secret/,
    );
  });

  (posix ? it : it.skip)('warns when other users can read the file', () => {
    const dataDir = temporaryDir();
    const file = join(dataDir, 'auth-secret');
    writeFileSync(file, `${'k'.repeat(64)}\n`);
    chmodSync(file, 0o644);
    const logger = recordingLogger();
    expect(loadOrCreateSigningSecret(dataDir, logger)).toBe('k'.repeat(64));
    expect(logger.warnings.join()).toMatch(/chmod 600/);
  });

  it('is never used in JWKS mode: no dev tokens then', () => {
    expect(() =>
      resolveHmacTokenKey({
        DATA_DIR: temporaryDir(),
        AUTH_JWKS_URL: 'https://idp.example/jwks',
        AUTH_ISSUER: 'i',
        AUTH_AUDIENCE: 'a',
      }),
    ).toThrow(/AUTH_JWKS_URL is set/);
  });
});
