import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type FastifyReply } from 'fastify';
import { historyToCsv } from '@asc/audit';
import { RequirePermission } from '@asc/auth';
import {
  AddEvidenceCommand,
  AssignOwnerCommand,
  Clock,
  CancelActionCommand,
  type CommandMetadata,
  type CommandResult,
  CompleteActionCommand,
  deterministicId,
  EscalateActionCommand,
  RaiseActionCommand,
  RecordBoardDecisionCommand,
  RejectCompletionCommand,
  ReportProgressCommand,
  SetDueDateCommand,
  VerifyCompletionCommand,
} from '@asc/commands';
import { parseAsOf } from '../http/as-of';
import { CommandMeta } from '../http/command-metadata.decorator';
import { commandResponse } from '../http/command-response';
import { UuidParam } from '../http/uuid-param.pipe';
import {
  AddEvidenceDto,
  AssignOwnerDto,
  CompleteActionDto,
  EscalateActionDto,
  RaiseActionDto,
  ReasonDto,
  RecordBoardDecisionDto,
  ReportProgressDto,
  SetDueDateDto,
  VerifyCompletionDto,
} from './action.dto';
import { ActionHistoryQueryDto } from './action-history/action-history.dto';
import {
  ActionHistoryQuery,
  type ActionHistoryResult,
} from './action-history/action-history.query';
import { GetActionQuery } from './get-action/get-action.query';
import { ListActionsQueryDto } from './list-actions/list-actions.dto';
import { ListActionsQuery, type ListActionsResult } from './list-actions/list-actions.query';

const ActionId = () => UuidParam('id');

/** The action commands of api.md: validate, put on the CommandBus, answer with the new version. */
@Controller('actions')
export class ActionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  /** The action register from its read model; X-Read-Model-Position says how far it has read. */
  @Get()
  @RequirePermission('register:read')
  async list(@Query() query: ListActionsQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { body, position } = await this.queries.execute<ListActionsQuery, ListActionsResult>(
      ListActionsQuery.fromDto(query),
    );
    void reply.header('X-Read-Model-Position', String(position));
    return body;
  }

  @Get(':id')
  @RequirePermission('register:read')
  async get(
    @ActionId() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
  ): Promise<unknown> {
    const json = await this.queries.execute<GetActionQuery, string>(
      new GetActionQuery(id, parseAsOf(asOf, this.clock.now())),
    );
    // Already JSON (ADR 14): with its type set, Fastify sends it without serialising again.
    void reply.type('application/json; charset=utf-8');
    return json;
  }

  /** Every event of the action with a sentence a person reads; `?format=csv` for a spreadsheet. */
  @Get(':id/history')
  @RequirePermission('history:read')
  async history(
    @ActionId() id: string,
    @Query() query: ActionHistoryQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.queries.execute<ActionHistoryQuery, ActionHistoryResult>(
      new ActionHistoryQuery(id),
    );
    if (query.format !== 'csv') return result;
    void reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="action-${id}-history.csv"`);
    return historyToCsv(result.events);
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('action:raise')
  async raise(
    @Body() dto: RaiseActionDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // A retried request with the same Idempotency-Key reaches the same action.
    const actionId = meta.idempotencyKey
      ? deterministicId('raise-action', meta.actor, meta.idempotencyKey)
      : randomUUID();
    const result = await this.commands.execute<RaiseActionCommand, CommandResult>(
      new RaiseActionCommand(actionId, dto, meta),
    );
    return { actionId, ...commandResponse(reply, result) };
  }

  @Post(':id/owner')
  @HttpCode(200)
  @RequirePermission('action:assign')
  owner(
    @ActionId() id: string,
    @Body() dto: AssignOwnerDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new AssignOwnerCommand(id, dto, meta));
  }

  @Post(':id/due-date')
  @HttpCode(200)
  @RequirePermission('action:replan')
  dueDate(
    @ActionId() id: string,
    @Body() dto: SetDueDateDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new SetDueDateCommand(id, dto, meta));
  }

  @Post(':id/progress')
  @HttpCode(200)
  @RequirePermission('action:progress')
  progress(
    @ActionId() id: string,
    @Body() dto: ReportProgressDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(
      reply,
      new ReportProgressCommand(id, dto, meta, { permission: 'action:progress' }),
    );
  }

  @Post(':id/evidence')
  @HttpCode(200)
  @RequirePermission('action:evidence')
  evidence(
    @ActionId() id: string,
    @Body() dto: AddEvidenceDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(
      reply,
      new AddEvidenceCommand(id, dto, meta, { permission: 'action:evidence' }),
    );
  }

  @Post(':id/complete')
  @HttpCode(200)
  @RequirePermission('action:complete')
  complete(
    @ActionId() id: string,
    @Body() dto: CompleteActionDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(
      reply,
      new CompleteActionCommand(id, dto, meta, { permission: 'action:complete' }),
    );
  }

  @Post(':id/verify')
  @HttpCode(200)
  @RequirePermission('action:verify')
  verify(
    @ActionId() id: string,
    @Body() dto: VerifyCompletionDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new VerifyCompletionCommand(id, dto, meta));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('action:verify')
  reject(
    @ActionId() id: string,
    @Body() dto: ReasonDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RejectCompletionCommand(id, dto, meta));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('action:cancel')
  cancel(
    @ActionId() id: string,
    @Body() dto: ReasonDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new CancelActionCommand(id, dto, meta));
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @RequirePermission('action:escalate')
  escalate(
    @ActionId() id: string,
    @Body() dto: EscalateActionDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new EscalateActionCommand(id, dto, meta));
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @RequirePermission('board:decide')
  decide(
    @ActionId() id: string,
    @Body() dto: RecordBoardDecisionDto,
    @CommandMeta() meta: CommandMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RecordBoardDecisionCommand(id, dto, meta));
  }

  private async run(reply: FastifyReply, command: object) {
    return commandResponse(reply, await this.commands.execute<object, CommandResult>(command));
  }
}
