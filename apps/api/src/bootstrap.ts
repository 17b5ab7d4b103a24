import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type DestinationStream } from 'pino';
import { loadEngineConfig } from '@asc/config';
import { AppModule } from './app.module';
import { registerQueueBoard } from './admin/queue-board';
import { createRootLogger, NestPinoLogger, RequestLogController } from './http/logging';

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The HTTP application as production runs it; e2e tests build the same one. */
export async function createApp(
  options: { module?: Type<unknown>; logger?: boolean; logDestination?: DestinationStream } = {},
) {
  // Built before Nest so that Fastify's request logger and Nest's logger are one pino instance.
  const logger = createRootLogger(loadEngineConfig(process.env).LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new RequestLogController(),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    // A client's X-Request-Id becomes the correlation id of what the request records.
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module ?? AppModule,
    adapter,
    {
      bufferLogs: true,
      logger: options.logger === false ? false : undefined,
    },
  );
  if (options.logger !== false) app.useLogger(new NestPinoLogger(logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Commands take JSON only: anything else is a 415, not a string for the validators to puzzle over.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('X-Request-Id', request.id);
    done(null, payload);
  });
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('ASC action-plan engine')
    .setDescription(
      'Commands and queries of an adult social care improvement plan. Errors are RFC 9457 problem details; ' +
        'every command accepts If-Match (the version last read) and Idempotency-Key.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  // The document itself, as JSON. No bundled UI: @nestjs/platform-fastify wants @fastify/static 10
  // (Node 22); 9 runs on Node 20 but falls outside that peer range.
  const document = SwaggerModule.createDocument(app, openApi);
  for (const path of ['/docs', '/docs/openapi.json']) {
    fastify.get(path, async (_request, reply) => reply.type('application/json').send(document));
  }
  registerQueueBoard(app);
  return app;
}
