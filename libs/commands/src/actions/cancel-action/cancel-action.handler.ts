import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CancelAction } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { CancelActionCommand } from './cancel-action.command';

@CommandHandler(CancelActionCommand)
export class CancelActionHandler
  extends ActionCommandHandlerBase<CancelActionCommand>
  implements ICommandHandler<CancelActionCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: CancelActionCommand,
    base: { actionId: string; now: string; actor: string },
  ): CancelAction {
    return { type: 'CancelAction', ...base, reason: c.input.reason };
  }
}
