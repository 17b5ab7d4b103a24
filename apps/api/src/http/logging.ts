import { type LoggerService } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import pino, {
  type DestinationStream,
  type Level,
  type LevelWithSilent,
  type Logger as Pino,
} from 'pino';

/** Never written to the logs, whichever line carries them. */
const REDACT = ['req.headers.authorization', 'req.headers.cookie'];
/** Probes poll these; a line per probe would drown the requests that matter. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

/**
 * The one pino instance of the process: Fastify's request logger (each request's `request.log`
 * carries its `reqId`) and, through NestPinoLogger, Nest's own log lines. JSON lines on stdout.
 * `req` and `res` are serialised as pino-http did, only when a line is actually written.
 */
export function createRootLogger(level: LevelWithSilent, destination?: DestinationStream): Pino {
  return pino(
    {
      level,
      redact: REDACT,
      serializers: { req: serializeRequest, res: serializeReply, err: pino.stdSerializers.err },
    },
    destination,
  );
}

/**
 * Fastify's per-request log lines, reduced to the one pino-http wrote: no "incoming request"
 * line, and on completion the request (headers redacted), the status and the time taken. This
 * replaces an HTTP middleware with a per-request async context (ADR 14): a request's own lines
 * use `request.log`, which carries its id.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    // Checked first: with LOG_LEVEL=warn or above a request costs no serialisation at all.
    const log = reply.log as Pino;
    if (!log.isLevelEnabled('info') || QUIET_PATHS.has(pathOf(request.url))) return;
    const responseTime = Math.round(reply.elapsedTime);
    if (error || reply.statusCode >= 500) {
      const err = error ?? new Error(`failed with status code ${reply.statusCode}`);
      log.info({ req: request, res: reply, err, responseTime }, 'request errored');
    } else {
      log.info({ req: request, res: reply, responseTime }, 'request completed');
    }
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A Fastify request (or a raw IncomingMessage) as pino-http logged it. */
function serializeRequest(request: Partial<FastifyRequest>) {
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    query: request.query,
    headers: request.headers,
    remoteAddress: request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

function serializeReply(reply: Partial<FastifyReply>) {
  return {
    statusCode: reply.statusCode,
    headers: typeof reply.getHeaders === 'function' ? reply.getHeaders() : undefined,
  };
}

/**
 * Nest's LoggerService over the same pino instance, with nestjs-pino's conventions: the last
 * optional parameter is the context, an Error becomes `err`, an object is merged into the line.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const line: Record<string, unknown> = {};
    let params = optional;
    if (optional.length > 0) {
      line.context = optional[optional.length - 1];
      params = optional.slice(0, -1);
    }
    if (message instanceof Error) {
      line.err = message;
      this.logger[level](line, ...(params as []));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level](Object.assign(line, message), ...(params as []));
    } else if (
      // Nest's exception handlers call error(message, stack, context).
      level === 'error' &&
      typeof message === 'string' &&
      params.length === 1 &&
      typeof params[0] === 'string' &&
      /\n\s*at /.test(params[0])
    ) {
      const err = new Error(message);
      err.stack = params[0];
      this.logger.error({ ...line, err });
    } else {
      this.logger[level](line, String(message), ...(params as []));
    }
  }
}
