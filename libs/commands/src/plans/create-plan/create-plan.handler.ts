import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CreatePlan } from '@asc/domain';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanCommandHandlerBase } from '../../shared/plan-command.base';
import { CreatePlanCommand } from './create-plan.command';

@CommandHandler(CreatePlanCommand)
export class CreatePlanHandler
  extends PlanCommandHandlerBase<CreatePlanCommand>
  implements ICommandHandler<CreatePlanCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: CreatePlanCommand,
    base: { planId: string; now: string; actor: string },
  ): CreatePlan {
    return {
      type: 'CreatePlan',
      ...base,
      authority: c.input.authority,
      title: c.input.title,
      period: c.input.period ?? null,
    };
  }
}
