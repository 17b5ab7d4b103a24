import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardAdapter } from '@bull-board/fastify';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import {
  AuthenticationError,
  hasPermission,
  IdentityProviderUnavailableError,
  isRole,
  type Principal,
  TokenVerifier,
} from '@asc/auth';
import { ChaseQueue } from '@asc/chasing';
import { PROBLEM_TYPES, type ProblemDetails } from '../http/problem-details';

export const QUEUE_BOARD_PATH = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'asc_queue_board';
/** A board session lasts at most this long, and never beyond the bearer token it came from. */
export const QUEUE_BOARD_SESSION_SECONDS = 15 * 60;
const SESSION_ROUTE = `${QUEUE_BOARD_PATH}/session`;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bull Board for the chase queue at /admin/queues, admins only (`queues:manage`). Its routes are
 * plain Fastify routes, outside Nest's guard and filter, so this context checks every request
 * itself, with the AuthGuard's TokenVerifier: `Authorization: Bearer`, or (a browser cannot put a
 * header on a page load) the cookie that `POST /admin/queues/session` sets from a bearer token.
 * The board's own write actions (retry, promote, clean, empty) come with it and stay admin-only.
 * Call after the app is created and before init/listen: Fastify loads plugins at ready().
 */
export function registerQueueBoard(app: NestFastifyApplication): void {
  const verifier = app.get(TokenVerifier);
  const sessions = new QueueBoardSessions(randomBytes(32));
  const serverAdapter = new BullBoardAdapter().setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(app.get(ChaseQueue).queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ASC chase queue' } },
  });

  void app
    .getHttpAdapter()
    .getInstance()
    .register(
      async (board) => {
        board.addHook('onRequest', async (request, reply) => {
          const session = request.routeOptions.url === SESSION_ROUTE;
          try {
            const principal = await authenticate(request, verifier, sessions, session);
            if (!hasPermission(principal, 'queues:manage')) {
              return sendProblem(request, reply, 403, PROBLEM_TYPES.forbidden, {
                detail: 'requires permission queues:manage',
                requiredPermission: 'queues:manage',
              });
            }
            if (!session && !request.headers.authorization && !sameOrigin(request)) {
              return sendProblem(request, reply, 403, PROBLEM_TYPES.forbidden, {
                detail: 'a change signed in by cookie must come from the board page itself',
                reason: 'cross-site',
              });
            }
            request.queueBoardPrincipal = principal;
          } catch (error) {
            if (error instanceof AuthenticationError) {
              void reply.header('WWW-Authenticate', error.challenge());
              return sendProblem(request, reply, 401, PROBLEM_TYPES.unauthenticated, {
                detail: error.message,
                reason: error.reason,
              });
            }
            if (error instanceof IdentityProviderUnavailableError) {
              void reply.header('Retry-After', '5');
              return sendProblem(request, reply, 503, PROBLEM_TYPES.unavailable, {
                detail: error.message,
                dependency: 'identity-provider',
              });
            }
            throw error;
          }
        });

        board.post('/session', async (request, reply) => {
          const principal = request.queueBoardPrincipal as Principal;
          const { token, maxAge } = sessions.issue(
            principal,
            bearerExpiry(request.headers.authorization),
          );
          const secure = request.protocol === 'https' ? '; Secure' : '';
          return reply
            .code(204)
            .header('Cache-Control', 'no-store')
            .header(
              'Set-Cookie',
              `${QUEUE_BOARD_COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`,
            )
            .send();
        });

        await board.register(serverAdapter.registerPlugin());
      },
      { prefix: QUEUE_BOARD_PATH },
    );
}

declare module 'fastify' {
  interface FastifyRequest {
    queueBoardPrincipal?: Principal;
  }
}

/** The bearer header wins when sent; the session route takes nothing else (no self-renewal). */
async function authenticate(
  request: FastifyRequest,
  verifier: TokenVerifier,
  sessions: QueueBoardSessions,
  bearerOnly: boolean,
): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined || bearerOnly) return verifier.verifyAuthorizationHeader(header);
  const values = cookieValues(request.headers.cookie, QUEUE_BOARD_COOKIE);
  if (values.length === 0) {
    throw new AuthenticationError(
      'missing-token',
      `sign in: send Authorization: Bearer <token>, or POST ${SESSION_ROUTE} with it for a cookie`,
    );
  }
  // A same-named cookie from another path or subdomain may come first: any valid one will do.
  let failure: unknown;
  for (const value of values) {
    try {
      return sessions.verify(value);
    } catch (error) {
      failure ??= error;
    }
  }
  throw failure;
}

/**
 * SameSite=Strict already keeps the cookie off cross-site requests; a sibling subdomain is
 * same-site, though, so a change also needs a same-origin page (Sec-Fetch-Site, Origin) where the
 * browser says where it comes from.
 */
function sameOrigin(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

/** Every value of cookie `name` in a Cookie header (RFC 6265 §5.4), in the order sent. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    values.push(value);
  }
  return values;
}

/** `exp` (epoch seconds) of a bearer JWT the verifier has accepted; undefined if it has none. */
function bearerExpiry(header: string | undefined): number | undefined {
  const payload = /^\S+\s+[\w-]*\.([\w-]*)\.[\w-]*\s*$/.exec(header ?? '')?.[1];
  if (!payload) return undefined;
  const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    exp?: unknown;
  };
  return typeof exp === 'number' ? exp : undefined;
}

function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403 | 503,
  type: string,
  fields: { detail: string } & Record<string, unknown>,
): FastifyReply {
  const title = { 401: 'Unauthorized', 403: 'Forbidden', 503: 'Service unavailable' }[status];
  const problem: ProblemDetails = {
    type,
    title,
    status,
    ...fields,
    instance: request.url,
    requestId: String(request.id),
  };
  return reply
    .code(status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .send(problem);
}

interface SessionClaims {
  sub: string;
  name: string;
  roles: string[];
  exp: number;
}

/**
 * Board sessions: `<claims>.<HMAC-SHA256>`, both base64url, signed with a key made at start. Not
 * the bearer JWT itself, so the cookie opens the board only, for 15 minutes at most. The key lives
 * in this process: a restart (or another API replica) signs the admin out, who posts again.
 */
export class QueueBoardSessions {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(principal: Principal, bearerExp?: number): { token: string; maxAge: number } {
    const nowSeconds = Math.floor(this.now() / 1000);
    const exp = Math.min(nowSeconds + QUEUE_BOARD_SESSION_SECONDS, bearerExp ?? Infinity);
    const claims: SessionClaims = {
      sub: principal.id,
      name: principal.name,
      roles: [...principal.roles],
      exp,
    };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return { token: `${body}.${this.sign(body)}`, maxAge: Math.max(0, exp - nowSeconds) };
  }

  verify(token: string): Principal {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0 || token.length > 2048) {
      throw new AuthenticationError('malformed', 'the board session cookie is not one of ours');
    }
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AuthenticationError('bad-signature', 'the board session cookie does not verify');
    }
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionClaims;
    if (claims.exp * 1000 <= this.now()) {
      throw new AuthenticationError(
        'expired',
        `the board session has expired: POST ${SESSION_ROUTE} again`,
      );
    }
    return { id: claims.sub, name: claims.name, roles: claims.roles.filter(isRole) };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`queue-board-session:${body}`).digest('base64url');
  }
}
