import { type FastifyReply } from 'fastify';
import { type CommandResult } from '@asc/commands';

/** `{ version, position }`, with the version as ETag for the next If-Match. */
export function commandResponse(
  reply: FastifyReply,
  result: CommandResult,
): { version: number; position: number } {
  void reply.header('ETag', `"${result.version}"`);
  if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
  return { version: result.version, position: result.position };
}
