import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { type FastifyRequest } from 'fastify';
import { principalOf } from '@asc/auth';
import { type CommandMetadata } from '@asc/commands';
import { InvalidInputException } from './problem-details';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The command's metadata from the request: the signed-in actor, the request id as correlation id,
 * `If-Match` as the expected version and `Idempotency-Key` with a fingerprint of the request.
 */
export const CommandMeta = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandMetadata => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = principalOf(request as never);
    if (!principal) throw new Error('CommandMeta used on a route without a signed-in principal');
    const meta: CommandMetadata = {
      actor: principal.id,
      // Names change and tokens may lack one: the id stays the actor, the name is for reading.
      ...(principal.name && principal.name !== principal.id
        ? { actorName: principal.name.slice(0, 200) }
        : {}),
      commandId: randomUUID(),
      correlationId: String(request.id),
    };
    const ifMatch = header(request, 'if-match');
    if (ifMatch !== undefined) meta.expectedVersion = parseIfMatch(ifMatch);
    const key = header(request, 'idempotency-key');
    if (key !== undefined) {
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new InvalidInputException([
          { field: 'Idempotency-Key', rule: 'must be 1 to 200 visible ASCII characters' },
        ]);
      }
      meta.idempotencyKey = key;
      meta.requestFingerprint = createHash('sha256')
        .update(
          `${request.method} ${request.routeOptions.url ?? request.url} ${JSON.stringify(request.params)} `,
        )
        .update(canonicalize(request.body ?? null) ?? '')
        .digest('hex')
        .slice(0, 32);
    }
    return meta;
  },
);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `3`, `"3"` or `W/"3"`: the version the client last saw. */
function parseIfMatch(value: string): number {
  const match = /^(?:W\/)?"?(-1|0|[1-9]\d{0,8})"?$/.exec(value.trim());
  if (!match) {
    throw new InvalidInputException([
      { field: 'If-Match', rule: 'must be the version number you last read, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}
