import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EscalateAction } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanLookup } from '../../shared/plan-lookup.service';
import { EscalateActionCommand } from './escalate-action.command';

@CommandHandler(EscalateActionCommand)
export class EscalateActionHandler
  extends ActionCommandHandlerBase<EscalateActionCommand>
  implements ICommandHandler<EscalateActionCommand, CommandResult>
{
  constructor(
    repository: AggregateRepository,
    clock: Clock,
    private readonly plans: PlanLookup,
  ) {
    super(repository, clock);
  }

  /** The level comes from the plan's board, so a person names the board, not a number. */
  protected async toDomain(
    c: EscalateActionCommand,
    base: { actionId: string; now: string; actor: string },
  ): Promise<EscalateAction> {
    const board = await this.plans.boardForAction(
      c.actionId,
      c.input.boardId,
      'escalation-requires-board',
    );
    return {
      type: 'EscalateAction',
      ...base,
      boardId: board.boardId,
      toLevel: board.level,
      reason: c.input.reason,
    };
  }
}
