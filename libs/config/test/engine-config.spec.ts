import { ConfigurationError, loadEngineConfig } from '../src';

describe('engine configuration', () => {
  it('runs on the embedded defaults with nothing set', () => {
    const config = loadEngineConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      EVENT_STORE: 'sqlite',
      DATA_DIR: './data',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CHASER: 'on',
      PROJECTIONS: 'on',
    });
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('names every bad value and the rule it breaks', () => {
    let error: unknown;
    try {
      loadEngineConfig({
        PORT: 'eighty',
        EVENT_STORE: 'mysql',
        REDIS_URL: 'localhost',
        AUTH_JWT_SECRET: 'short',
        PROJECTIONS: 'follow',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a whole number/);
    expect(problems).toMatch(/EVENT_STORE must be one of sqlite, postgres, esdb \(got "mysql"\)/);
    expect(problems).toMatch(/REDIS_URL must look like redis:\/\//);
    expect(problems).toMatch(/AUTH_JWT_SECRET must be at least 32 characters.*\(got \(hidden\)\)/);
    expect(problems).toMatch(/PROJECTIONS must be on or off \(got "follow"\)/);
  });

  it('requires the connection strings that the chosen store needs', () => {
    expect(() => loadEngineConfig({ EVENT_STORE: 'postgres' })).toThrow(/DATABASE_URL is required/);
    expect(() =>
      loadEngineConfig({ EVENT_STORE: 'esdb', DATABASE_URL: 'postgres://localhost/x' }),
    ).toThrow(/EVENTSTORE_URL is required/);
    expect(
      loadEngineConfig({
        EVENT_STORE: 'esdb',
        DATABASE_URL: 'postgres://localhost/x',
        EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      }).EVENT_STORE,
    ).toBe('esdb');
  });

  it('requires issuer and audience with an OIDC provider', () => {
    expect(() => loadEngineConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_ISSUER.*\n.*AUTH_AUDIENCE/s,
    );
  });

  it('takes an http(s) notification webhook, and nothing else', () => {
    expect(loadEngineConfig({}).NOTIFY_WEBHOOK_URL).toBeUndefined();
    expect(
      loadEngineConfig({ NOTIFY_WEBHOOK_URL: 'https://hooks.council.example/asc' })
        .NOTIFY_WEBHOOK_URL,
    ).toBe('https://hooks.council.example/asc');
    for (const bad of ['ftp://hooks.council.example', 'hooks.council.example', 'file:///etc/x']) {
      expect(() => loadEngineConfig({ NOTIFY_WEBHOOK_URL: bad })).toThrow(
        /NOTIFY_WEBHOOK_URL must be an http\(s\) URL/,
      );
    }
  });

  it('treats empty values as unset', () => {
    expect(loadEngineConfig({ PORT: '', DATABASE_URL: ' ' }).PORT).toBe(3000);
  });
});
