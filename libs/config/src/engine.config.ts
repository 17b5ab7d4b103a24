import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';

export const EVENT_STORE_KINDS = ['sqlite', 'postgres', 'esdb'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting the engine reads, by the names of ../shared/design/api.md. Validated once at start;
 * a bad value stops the engine with a message naming the variable and the rule.
 */
export class EngineConfig {
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsIn(EVENT_STORE_KINDS, { message: `must be one of ${EVENT_STORE_KINDS.join(', ')}` })
  EVENT_STORE: (typeof EVENT_STORE_KINDS)[number] = 'sqlite';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Events on `postgres`; read models on `postgres` and `esdb`. */
  @ValidateIf((c: EngineConfig) => c.EVENT_STORE !== 'sqlite' || c.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message:
      'is required when EVENT_STORE is postgres or esdb, and must look like postgres://user@host:5432/db',
  })
  DATABASE_URL?: string;

  @ValidateIf((c: EngineConfig) => c.EVENT_STORE === 'esdb' || c.EVENTSTORE_URL !== undefined)
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, {
    message: 'is required when EVENT_STORE is esdb, and must look like esdb://host:2113?tls=false',
  })
  EVENTSTORE_URL?: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters (HS256 needs 256 bits)' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @ValidateIf((c: EngineConfig) => c.AUTH_JWKS_URL !== undefined || c.AUTH_ISSUER !== undefined)
  @IsString({ message: 'is required with AUTH_JWKS_URL' })
  @MinLength(1)
  AUTH_ISSUER?: string;

  @ValidateIf((c: EngineConfig) => c.AUTH_JWKS_URL !== undefined || c.AUTH_AUDIENCE !== undefined)
  @IsString({ message: 'is required with AUTH_JWKS_URL' })
  @MinLength(1)
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must look like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Optional: every reminder and escalation is also POSTed here as JSON. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  NOTIFY_WEBHOOK_URL?: string;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** `off` runs no chaser (reactor, worker, reconciliation) in this process: an API-only process. */
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  CHASER: 'on' | 'off' = 'on';

  /**
   * `off` applies no events to the read models in this process: it serves them as another
   * process (a worker) keeps them, following that process's checkpoints. For API processes
   * beside a worker; some process must keep `on`.
   */
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  PROJECTIONS: 'on' | 'off' = 'on';

  /**
   * Chase jobs one worker process runs at once. A reminder mostly waits (SMTP, the append's
   * group commit, Redis), so a burst needs many at once; 32 drained one as fast as 64 or 128
   * (bench/README.md, Chasing).
   */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(256)
  CHASER_CONCURRENCY = 32;

  /** Seconds between reconciliations of the chase jobs with the read models. */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  CHASER_RECONCILE_SECONDS = 300;

  /**
   * Milliseconds a chase job (and the per-action chase lock) is held before another worker may
   * take it over: the BullMQ worker's lockDuration; stalled jobs are looked for every half of it.
   * Shorter recovers a killed worker's jobs sooner; it must exceed the longest firing (SMTP timeouts).
   */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1000)
  CHASER_LOCK_MS = 60_000;

  /** Prefix of the BullMQ keys in Redis (several engines, or tests, can share one Redis). */
  @Matches(/^[\w-]{1,64}$/, { message: 'must be letters, digits, - or _ (no colon)' })
  BULLMQ_PREFIX = 'asc';

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

const KEYS = Object.keys(new EngineConfig()).concat([
  'DATABASE_URL',
  'EVENTSTORE_URL',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'NOTIFY_WEBHOOK_URL',
]);

/** Reads the engine's variables from `env` (empty strings count as unset) and validates them all. */
export function loadEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const plain: Record<string, string> = {};
  for (const key of KEYS) {
    const value = env[key]?.trim();
    if (value) plain[key] = value;
  }
  const config = plainToInstance(EngineConfig, plain);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigurationError(errors.flatMap((e) => describe(e, plain)));
  return config;
}

function describe(error: ValidationError, plain: Record<string, string>): string[] {
  const shown = /SECRET|PASSWORD/.test(error.property)
    ? '(hidden)'
    : JSON.stringify(plain[error.property] ?? null);
  return Object.values(error.constraints ?? {}).map(
    (rule) => `${error.property} ${rule} (got ${shown})`,
  );
}

/** The event-store part of the configuration, in the shape the event store factory takes. */
export function eventStoreSettings(config: EngineConfig) {
  return {
    kind: config.EVENT_STORE,
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    eventstoreUrl: config.EVENTSTORE_URL,
  };
}
