import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isRaised, type RecordBoardDecision } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { ACTION } from '../../shared/aggregates';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { NotFoundError } from '../../shared/command.errors';
import { PlanLookup } from '../../shared/plan-lookup.service';
import { RecordBoardDecisionCommand } from './record-board-decision.command';

@CommandHandler(RecordBoardDecisionCommand)
export class RecordBoardDecisionHandler
  extends ActionCommandHandlerBase<RecordBoardDecisionCommand>
  implements ICommandHandler<RecordBoardDecisionCommand, CommandResult>
{
  constructor(
    repository: AggregateRepository,
    clock: Clock,
    private readonly plans: PlanLookup,
  ) {
    super(repository, clock);
  }

  protected async toDomain(
    c: RecordBoardDecisionCommand,
    base: { actionId: string; now: string; actor: string },
  ): Promise<RecordBoardDecision> {
    const { state } = await this.repository.current(ACTION, c.actionId);
    if (!isRaised(state)) throw new NotFoundError('action', c.actionId);
    await this.plans.board(state.planId, c.input.boardId, 'decision-requires-board');
    return { type: 'RecordBoardDecision', ...base, ...c.input };
  }
}
