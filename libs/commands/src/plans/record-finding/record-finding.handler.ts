import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RecordFinding } from '@asc/domain';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanCommandHandlerBase } from '../../shared/plan-command.base';
import { RecordFindingCommand } from './record-finding.command';

@CommandHandler(RecordFindingCommand)
export class RecordFindingHandler
  extends PlanCommandHandlerBase<RecordFindingCommand>
  implements ICommandHandler<RecordFindingCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: RecordFindingCommand,
    base: { planId: string; now: string; actor: string },
  ): RecordFinding {
    return { type: 'RecordFinding', ...base, ...c.input };
  }
}
