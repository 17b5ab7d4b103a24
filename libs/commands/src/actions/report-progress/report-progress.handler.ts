import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReportProgress } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { ReportProgressCommand } from './report-progress.command';

@CommandHandler(ReportProgressCommand)
export class ReportProgressHandler
  extends ActionCommandHandlerBase<ReportProgressCommand>
  implements ICommandHandler<ReportProgressCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: ReportProgressCommand,
    base: { actionId: string; now: string; actor: string },
  ): ReportProgress {
    return {
      type: 'ReportProgress',
      ...base,
      percentComplete: c.input.percentComplete,
      confidence: c.input.confidence,
      note: c.input.note,
    };
  }
}
