import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ConfigureBoard } from '@asc/domain';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanCommandHandlerBase } from '../../shared/plan-command.base';
import { ConfigureBoardCommand } from './configure-board.command';

@CommandHandler(ConfigureBoardCommand)
export class ConfigureBoardHandler
  extends PlanCommandHandlerBase<ConfigureBoardCommand>
  implements ICommandHandler<ConfigureBoardCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: ConfigureBoardCommand,
    base: { planId: string; now: string; actor: string },
  ): ConfigureBoard {
    return { type: 'ConfigureBoard', ...base, ...c.input };
  }
}
