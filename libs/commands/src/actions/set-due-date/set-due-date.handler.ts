import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type SetDueDate } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { SetDueDateCommand } from './set-due-date.command';

@CommandHandler(SetDueDateCommand)
export class SetDueDateHandler
  extends ActionCommandHandlerBase<SetDueDateCommand>
  implements ICommandHandler<SetDueDateCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: SetDueDateCommand,
    base: { actionId: string; now: string; actor: string },
  ): SetDueDate {
    return {
      type: 'SetDueDate',
      ...base,
      dueDate: c.input.dueDate,
      reason: c.input.reason ?? null,
    };
  }
}
