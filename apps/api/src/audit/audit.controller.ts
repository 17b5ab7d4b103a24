import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type AuditExport, ExportRequestError, parseExportRequest } from '@asc/audit';
import { CurrentPrincipal, type Principal, RequirePermission } from '@asc/auth';
import { Clock } from '@asc/commands';
import { InvalidInputException } from '../http/problem-details';
import { ExportEventsQueryDto } from './export-events/export-events.dto';
import { ExportEventsQuery } from './export-events/export-events.query';
import { VerifyLogQuery, type VerifyLogResult } from './verify-log/verify-log.query';

/** The auditors' endpoints of api.md: the integrity check and the raw log. */
@Controller('audit')
@RequirePermission('audit:read')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  /** Recomputes every hash chain: `{ ok, streams, events, firstBroken? }`. */
  @Get('verify')
  verify(): Promise<VerifyLogResult> {
    return this.queries.execute<VerifyLogQuery, VerifyLogResult>(new VerifyLogQuery());
  }

  /**
   * The events recorded from `from` to `to` as JSON lines or CSV, streamed: the reply pulls one
   * page of the log at a time, so memory stays flat whatever the size. The export is recorded
   * before the first byte (ADR 11); `X-Export-Id` names its record.
   */
  @Get('events')
  async events(
    @Query() query: ExportEventsQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const exported = await this.queries.execute<ExportEventsQuery, AuditExport>(
      new ExportEventsQuery(this.parse(query), {
        actor: principal.id,
        ...(principal.name !== principal.id ? { actorName: principal.name } : {}),
        correlationId: String(request.id),
        channel: 'api',
      }),
    );
    await reply
      .type(exported.contentType)
      .header('Content-Disposition', `attachment; filename="${exported.filename}"`)
      .header('X-Export-Id', exported.exportId)
      .send(Readable.from(exported.body, { objectMode: false }));
  }

  private parse(query: ExportEventsQueryDto) {
    try {
      return parseExportRequest(query, this.clock.now());
    } catch (error) {
      if (!(error instanceof ExportRequestError)) throw error;
      throw new InvalidInputException(error.problems.map(({ field, rule }) => ({ field, rule })));
    }
  }
}
