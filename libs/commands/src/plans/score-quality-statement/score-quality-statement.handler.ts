import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ScoreQualityStatement } from '@asc/domain';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanCommandHandlerBase } from '../../shared/plan-command.base';
import { ScoreQualityStatementCommand } from './score-quality-statement.command';

@CommandHandler(ScoreQualityStatementCommand)
export class ScoreQualityStatementHandler
  extends PlanCommandHandlerBase<ScoreQualityStatementCommand>
  implements ICommandHandler<ScoreQualityStatementCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: ScoreQualityStatementCommand,
    base: { planId: string; now: string; actor: string },
  ): ScoreQualityStatement {
    return { type: 'ScoreQualityStatement', ...base, ...c.input };
  }
}
