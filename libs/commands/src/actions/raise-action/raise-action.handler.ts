import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RaiseAction } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanLookup } from '../../shared/plan-lookup.service';
import { RaiseActionCommand } from './raise-action.command';

@CommandHandler(RaiseActionCommand)
export class RaiseActionHandler
  extends ActionCommandHandlerBase<RaiseActionCommand>
  implements ICommandHandler<RaiseActionCommand, CommandResult>
{
  constructor(
    repository: AggregateRepository,
    clock: Clock,
    private readonly plans: PlanLookup,
  ) {
    super(repository, clock);
  }

  protected async toDomain(
    c: RaiseActionCommand,
    base: { actionId: string; now: string; actor: string },
  ): Promise<RaiseAction> {
    await this.plans.plan(c.input.planId);
    return { type: 'RaiseAction', ...base, ...c.input };
  }
}
