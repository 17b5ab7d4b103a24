import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AssignOwner } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { AssignOwnerCommand } from './assign-owner.command';

@CommandHandler(AssignOwnerCommand)
export class AssignOwnerHandler
  extends ActionCommandHandlerBase<AssignOwnerCommand>
  implements ICommandHandler<AssignOwnerCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: AssignOwnerCommand,
    base: { actionId: string; now: string; actor: string },
  ): AssignOwner {
    return { type: 'AssignOwner', ...base, owner: c.input.owner };
  }
}
