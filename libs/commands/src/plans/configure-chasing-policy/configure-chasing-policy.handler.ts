import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ConfigureChasingPolicy } from '@asc/domain';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { PlanCommandHandlerBase } from '../../shared/plan-command.base';
import { ConfigureChasingPolicyCommand } from './configure-chasing-policy.command';

@CommandHandler(ConfigureChasingPolicyCommand)
export class ConfigureChasingPolicyHandler
  extends PlanCommandHandlerBase<ConfigureChasingPolicyCommand>
  implements ICommandHandler<ConfigureChasingPolicyCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: ConfigureChasingPolicyCommand,
    base: { planId: string; now: string; actor: string },
  ): ConfigureChasingPolicy {
    return { type: 'ConfigureChasingPolicy', ...base, policy: c.input.policy };
  }
}
