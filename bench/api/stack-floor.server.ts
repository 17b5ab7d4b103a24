/**
 * The floor of the fixed stack for `POST /actions/:id/progress`, with no engine: NestJS on
 * Fastify, a guard that verifies the bearer JWT with jose (HS256, issuer, audience), the body
 * validated by class-validator through Nest's ValidationPipe, and one append of one event with
 * its expected version to the same SQLite store. Nothing else: no fold, no decide, no metadata,
 * no idempotency, no request log, no read models. bench/api runs it as its own process, beside
 * the engine, so that the engine's rate can be read against what the stack alone allows here.
 * Where the engine saves work (a verified token is remembered until it expires; validation is
 * synchronous, ADR 14) the floor saves it too, so that it is a floor.
 *
 * FLOOR_APPEND=off answers 200 without the append: the stack alone.
 *
 *   PORT=3919 AUTH_JWT_SECRET=… DATA_DIR=… [FLOOR_APPEND=off] tsx bench/api/stack-floor.server.ts
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  HttpCode,
  Injectable,
  Module,
  Param,
  Post,
  UnauthorizedException,
  UseGuards,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  type ValidationError,
  validateSync,
  type ValidatorOptions,
} from 'class-validator';
import { jwtVerify } from 'jose';
import { createEventStore, type EventStore } from '@asc/event-store';

const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET);
let store: EventStore;
const versions = new Map<string, number>();
const verified = new Map<string, number>();

class ProgressDto {
  @IsInt() @Min(0) @Max(100) percentComplete!: number;
  @IsIn(['on-track', 'at-risk', 'off-track']) confidence!: string;
  @IsString() @MaxLength(2000) note!: string;
}

class SyncValidationPipe extends ValidationPipe {
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] {
    return validateSync(object, options);
  }
}

@Injectable()
class BearerGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string> }>()
      .headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException();
    const token = header.slice(7);
    const exp = verified.get(token);
    if (exp !== undefined && Date.now() / 1000 <= exp) return true;
    const { payload } = await jwtVerify(token, secret, {
      issuer: 'asc-action-plan-engine',
      audience: 'asc-action-plan-api',
      algorithms: ['HS256'],
    }).catch(() => {
      throw new UnauthorizedException();
    });
    verified.set(token, payload.exp!);
    return true;
  }
}

@Controller('actions')
@UseGuards(BearerGuard)
class ProgressController {
  @Post(':id/progress')
  @HttpCode(200)
  async progress(
    @Param('id') id: string,
    @Body(
      new SyncValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        expectedType: ProgressDto,
      }),
    )
    dto: ProgressDto,
  ) {
    if (process.env.FLOOR_APPEND === 'off') return { version: 0 };
    const stream = `action-${id}`;
    const expected = versions.get(stream) ?? 'no_stream';
    const result = await store.appendToStream(
      stream,
      [
        {
          eventId: randomUUID(),
          type: 'ProgressReported',
          schemaVersion: 1,
          data: { ...dto },
          metadata: {
            actor: 'bench-owner',
            correlationId: randomUUID(),
            causationId: randomUUID(),
            commandId: randomUUID(),
          },
        },
      ],
      { expectedVersion: expected },
    );
    versions.set(stream, result.nextExpectedVersion);
    return { version: result.nextExpectedVersion };
  }
}

@Module({ controllers: [ProgressController], providers: [BearerGuard] })
class FloorModule {}

async function main() {
  store = await createEventStore({ kind: 'sqlite', dataDir: process.env.DATA_DIR! });
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), {
    logger: ['error'],
  });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
