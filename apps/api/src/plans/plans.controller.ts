import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type FastifyReply } from 'fastify';
import { RequirePermission } from '@asc/auth';
import { type BoardReport, boardReportToCsv, boardReportToHtml } from '@asc/board-report';
import {
  Clock,
  type CommandMetadata,
  type CommandResult,
  ConfigureBoardCommand,
  ConfigureChasingPolicyCommand,
  CreatePlanCommand,
  deterministicId,
  ImportPlanCommand,
  type ImportPlanResult,
  ScoreQualityStatementCommand,
} from '@asc/commands';
import { parseAsOf } from '../http/as-of';
import { CommandMeta } from '../http/command-metadata.decorator';
import { commandResponse } from '../http/command-response';
import { InvalidInputException } from '../http/problem-details';
import { UuidParam } from '../http/uuid-param.pipe';
import {
  ChasingPolicyDto,
  ConfigureBoardDto,
  CreatePlanDto,
  ImportDto,
  ScoreQualityStatementDto,
} from './plan.dto';
import { BoardReportQueryDto } from './board-report/board-report.dto';
import { BoardReportQuery } from './board-report/board-report.query';
import { policyInputError } from './policy-input.error';
import { GetPlanQuery, type GetPlanResult, parseMinPosition } from './get-plan/get-plan.query';

const BOARD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

@Controller('plans')
export class PlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  /** From the plan-summary read model (X-Read-Model-Position), or replayed `asOf` a moment. */
  @Get(':planId')
  @RequirePermission('register:read')
  async get(
    @UuidParam('planId') planId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
    @Query('minPosition') minPosition?: string,
  ) {
    const { body, position } = await this.queries.execute<GetPlanQuery, GetPlanResult>(
      new GetPlanQuery(planId, parseAsOf(asOf, this.clock.now()), parseMinPosition(minPosition)),
    );
    if (position !== undefined) void reply.header('X-Read-Model-Position', String(position));
    return body;
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('plan:manage')
  async create(
    @Body() dto: CreatePlanDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const planId = meta.idempotencyKey
      ? deterministicId('create-plan', meta.actor, meta.idempotencyKey)
      : randomUUID();
    const result = await this.commands.execute<CreatePlanCommand, CommandResult>(
      new CreatePlanCommand(planId, dto, meta),
    );
    return { planId, ...commandResponse(reply, result) };
  }

  /** What a board reads, as JSON, CSV (for Excel) or a printable page, as of any moment. */
  @Get(':planId/board-report')
  @RequirePermission('report:read')
  async boardReport(
    @UuidParam('planId') planId: string,
    @Query() query: BoardReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const asOf = parseAsOf(query.asOf, this.clock.now()) ?? this.clock.now().toISOString();
    const report = await this.queries.execute<BoardReportQuery, BoardReport>(
      new BoardReportQuery(planId, query.boardId, asOf, query.previousMeetingDate ?? null),
    );
    const name = `board-report-${query.boardId}-${report.today}`;
    switch (query.format ?? 'json') {
      case 'csv':
        void reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${name}.csv"`);
        return boardReportToCsv(report);
      case 'html':
        void reply.type('text/html; charset=utf-8');
        return boardReportToHtml(report);
      default:
        return report;
    }
  }

  @Put(':planId/boards/:boardId')
  @HttpCode(200)
  @RequirePermission('plan:manage')
  board(
    @UuidParam('planId') planId: string,
    @Param('boardId') boardId: string,
    @Body() dto: ConfigureBoardDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!BOARD_ID.test(boardId)) {
      throw new InvalidInputException([
        { field: 'boardId', rule: 'must be 1 to 100 letters, digits, - and _' },
      ]);
    }
    return this.run(reply, new ConfigureBoardCommand(planId, { ...dto, boardId }, meta));
  }

  @Put(':planId/policy')
  @HttpCode(200)
  @RequirePermission('plan:manage')
  policy(
    @UuidParam('planId') planId: string,
    @Body() dto: ChasingPolicyDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new ConfigureChasingPolicyCommand(planId, { policy: dto }, meta)).catch(
      (error: unknown) => {
        throw policyInputError(error) ?? error;
      },
    );
  }

  @Post(':planId/scores')
  @HttpCode(201)
  @RequirePermission('plan:manage')
  score(
    @UuidParam('planId') planId: string,
    @Body() dto: ScoreQualityStatementDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new ScoreQualityStatementCommand(planId, dto, meta));
  }

  @Post(':planId/imports')
  @HttpCode(201)
  @RequirePermission('plan:manage')
  async import(
    @UuidParam('planId') planId: string,
    @Body() dto: ImportDto,
    @CommandMeta() meta: CommandMetadata,
  ) {
    const {
      version: _v,
      position,
      ...result
    } = await this.commands.execute<ImportPlanCommand, ImportPlanResult>(
      new ImportPlanCommand(planId, dto, meta),
    );
    return { ...result, position };
  }

  private async run(reply: FastifyReply, command: object) {
    return commandResponse(reply, await this.commands.execute<object, CommandResult>(command));
  }
}
