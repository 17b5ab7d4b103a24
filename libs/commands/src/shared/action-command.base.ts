import { type ActionCommand, type ActionState, isOwnedBy } from '@asc/domain';
import { type AggregateRepository } from './aggregate-repository';
import { ACTION } from './aggregates';
import { type Clock } from './clock';
import { type CommandMetadata, type CommandResult } from './command-metadata';
import { PermissionDeniedError } from './command.errors';

/** What every action command carries on the bus besides its own fields. */
export abstract class ActionBusCommand {
  constructor(
    readonly actionId: string,
    readonly meta: CommandMetadata,
    /** Set when the caller may act only as the action's owner (the `owner` role). */
    readonly ownerOnly: { permission: string } | false = false,
  ) {}
}

/** The shared body of the action handlers: time in, owner rule, then read → decide → append. */
export abstract class ActionCommandHandlerBase<T extends ActionBusCommand> {
  constructor(
    protected readonly repository: AggregateRepository,
    protected readonly clock: Clock,
  ) {}

  protected abstract toDomain(
    command: T,
    base: { actionId: string; now: string; actor: string },
  ): Promise<ActionCommand> | ActionCommand;

  async execute(command: T): Promise<CommandResult> {
    const base = {
      actionId: command.actionId,
      now: this.clock.now().toISOString(),
      actor: command.meta.actor,
    };
    const domainCommand = await this.toDomain(command, base);
    return this.repository.execute(ACTION, command.actionId, domainCommand, command.meta, {
      creates: domainCommand.type === 'RaiseAction',
      authorize: (state: ActionState) => {
        if (command.ownerOnly && !isOwnedBy(state, command.meta.actor)) {
          throw new PermissionDeniedError(
            command.ownerOnly.permission,
            `requires permission ${command.ownerOnly.permission} on this action: only its owner may do this`,
          );
        }
      },
    });
  }
}
