import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { IdempotencyKeyReusedError, NotFoundError, PermissionDeniedError } from '@asc/commands';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  InvalidEventError,
} from '@asc/event-store';
import { isImportFormatError } from '@asc/plan-import';
import { PROBLEM_TYPES, type ProblemDetails, InvalidInputException } from './problem-details';

const RETRY_AFTER_SECONDS = 5;

/** Every error leaves as problem details; nothing a client sends can produce a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = request.url;
    problem.requestId = String(request.id);
    if (problem.status >= 500 && problem.status !== 503) {
      // The request's own logger carries its id; there is no per-request async context (ADR 14).
      if (request.log) request.log.error({ context: 'HTTP', err: exception }, 'unhandled error');
      else this.logger.error(exception);
    }
    if (problem.status === 503) void reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (problem.status === 401 && !reply.hasHeader('WWW-Authenticate')) {
      void reply.header(
        'WWW-Authenticate',
        `Bearer error="invalid_token", error_description="${problem.detail.replace(/"/g, "'")}"`,
      );
    }
    void reply
      .status(problem.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof InvalidInputException) {
      return problem(400, PROBLEM_TYPES.validation, 'Invalid input', exception.message, {
        errors: exception.errors,
      });
    }
    if (exception instanceof InvalidEventError) {
      return problem(400, PROBLEM_TYPES.validation, 'Invalid input', exception.message, {
        errors: [{ field: exception.field, rule: exception.rule }],
      });
    }
    if (isImportFormatError(exception)) {
      return problem(400, PROBLEM_TYPES.validation, 'Invalid input', exception.message, {
        errors: [{ field: exception.field, rule: exception.message }],
      });
    }
    if (exception instanceof NotFoundError) {
      return problem(404, PROBLEM_TYPES.notFound, 'Not found', exception.message, {
        resource: exception.resource,
      });
    }
    if (exception instanceof PermissionDeniedError) {
      return problem(403, PROBLEM_TYPES.forbidden, 'Forbidden', exception.message, {
        requiredPermission: exception.permission,
        reason: 'not-owner',
      });
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return problem(422, PROBLEM_TYPES.rule, 'Refused by a rule', exception.message, {
        rule: exception.rule,
        errors: [{ field: 'Idempotency-Key', rule: 'was already used for a different request' }],
      });
    }
    if (exception instanceof ConcurrencyError) {
      return problem(
        409,
        PROBLEM_TYPES.conflict,
        'Version conflict',
        `The record is at version ${exception.actual}, not ${String(exception.expected)}: reload it and try again.`,
        {
          expectedVersion: exception.expected,
          actualVersion: exception.actual,
        },
      );
    }
    if (exception instanceof DuplicateEventIdError) {
      return problem(409, PROBLEM_TYPES.conflict, 'Conflict', exception.message);
    }
    if (exception instanceof EventStoreUnavailableError) {
      return problem(
        503,
        PROBLEM_TYPES.unavailable,
        'Service unavailable',
        `The ${exception.store} event store is unavailable; retry later.`,
        {
          dependency: `event-store:${exception.store}`,
        },
      );
    }
    if (isDomainRule(exception)) {
      return problem(422, PROBLEM_TYPES.rule, 'Refused by a rule', exception.message, {
        rule: exception.rule,
        ...(exception.field
          ? { errors: [{ field: exception.field, rule: exception.message }] }
          : {}),
      });
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    return problem(
      500,
      PROBLEM_TYPES.internal,
      'Internal error',
      'Something went wrong on our side; it has been logged.',
    );
  }
}

function problem(
  status: number,
  type: string,
  title: string,
  detail: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type, title, status, detail, ...extra };
}

/** Duck-typed so the filter does not depend on the domain library's classes. */
function isDomainRule(error: unknown): error is { rule: string; message: string; field?: string } {
  return (
    error instanceof Error &&
    error.name === 'DomainRuleViolation' &&
    typeof (error as { rule?: unknown }).rule === 'string'
  );
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const body = exception.getResponse();
  const extra = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const detail = typeof body === 'string' ? body : String(extra.message ?? exception.message);
  const type =
    status === 401
      ? PROBLEM_TYPES.unauthenticated
      : status === 403
        ? PROBLEM_TYPES.forbidden
        : status === 404
          ? PROBLEM_TYPES.notFound
          : status === 413
            ? PROBLEM_TYPES.tooLarge
            : status === 415
              ? PROBLEM_TYPES.unsupportedMedia
              : status === 503
                ? PROBLEM_TYPES.unavailable
                : status < 500
                  ? PROBLEM_TYPES.validation
                  : PROBLEM_TYPES.internal;
  // The exception's own fields never override the problem's status, type, title or detail;
  // an `error` object (Terminus: the failing dependencies) is kept, a Nest error title is not.
  const {
    message: _m,
    statusCode: _s,
    status: _st,
    type: _t,
    title: _ti,
    detail: _d,
    error,
    ...rest
  } = extra;
  if (typeof error === 'object' && error !== null) rest.error = error;
  // Errors raised before the body reached a DTO (malformed JSON, too large) concern the body.
  if (status === 413) rest.errors ??= [{ field: 'body', rule: 'must be at most 1 MB' }];
  if (status === 415) rest.errors ??= [{ field: 'Content-Type', rule: 'must be application/json' }];
  if (status === 400 && /JSON/i.test(detail))
    rest.errors ??= [{ field: 'body', rule: 'must be valid JSON' }];
  return problem(status, type, statusTitle(status), detail, rest);
}

/** `NOT_FOUND` → `Not found`. */
function statusTitle(status: number): string {
  const name = HttpStatus[status];
  return name ? name.charAt(0) + name.slice(1).replace(/_/g, ' ').toLowerCase() : 'Error';
}
