import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RejectCompletion } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { RejectCompletionCommand } from './reject-completion.command';

@CommandHandler(RejectCompletionCommand)
export class RejectCompletionHandler
  extends ActionCommandHandlerBase<RejectCompletionCommand>
  implements ICommandHandler<RejectCompletionCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: RejectCompletionCommand,
    base: { actionId: string; now: string; actor: string },
  ): RejectCompletion {
    return { type: 'RejectCompletion', ...base, reason: c.input.reason };
  }
}
