import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type VerifyCompletion } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { VerifyCompletionCommand } from './verify-completion.command';

@CommandHandler(VerifyCompletionCommand)
export class VerifyCompletionHandler
  extends ActionCommandHandlerBase<VerifyCompletionCommand>
  implements ICommandHandler<VerifyCompletionCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: VerifyCompletionCommand,
    base: { actionId: string; now: string; actor: string },
  ): VerifyCompletion {
    return { type: 'VerifyCompletion', ...base, note: c.input.note ?? null };
  }
}
