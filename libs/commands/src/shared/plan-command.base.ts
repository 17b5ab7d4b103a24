import { type PlanCommand } from '@asc/domain';
import { type AggregateRepository } from './aggregate-repository';
import { PLAN } from './aggregates';
import { type Clock } from './clock';
import { type CommandMetadata, type CommandResult } from './command-metadata';

export abstract class PlanBusCommand {
  constructor(
    readonly planId: string,
    readonly meta: CommandMetadata,
  ) {}
}

export abstract class PlanCommandHandlerBase<T extends PlanBusCommand> {
  constructor(
    protected readonly repository: AggregateRepository,
    protected readonly clock: Clock,
  ) {}

  protected abstract toDomain(
    command: T,
    base: { planId: string; now: string; actor: string },
  ): PlanCommand;

  execute(command: T): Promise<CommandResult> {
    const base = {
      planId: command.planId,
      now: this.clock.now().toISOString(),
      actor: command.meta.actor,
    };
    const domainCommand = this.toDomain(command, base);
    return this.repository.execute(PLAN, command.planId, domainCommand, command.meta, {
      creates: domainCommand.type === 'CreatePlan',
    });
  }
}
