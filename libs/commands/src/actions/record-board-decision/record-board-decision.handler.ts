import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RecordBoardDecision } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
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
    await this.plans.boardForAction(c.actionId, c.input.boardId, 'decision-requires-board');
    return { type: 'RecordBoardDecision', ...base, ...c.input };
  }
}
