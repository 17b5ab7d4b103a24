import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CompleteAction } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { CompleteActionCommand } from './complete-action.command';

@CommandHandler(CompleteActionCommand)
export class CompleteActionHandler
  extends ActionCommandHandlerBase<CompleteActionCommand>
  implements ICommandHandler<CompleteActionCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: CompleteActionCommand,
    base: { actionId: string; now: string; actor: string },
  ): CompleteAction {
    return { type: 'CompleteAction', ...base, summary: c.input.summary };
  }
}
