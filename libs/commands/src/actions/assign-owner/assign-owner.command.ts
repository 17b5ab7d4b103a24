import { type ActionOwner } from '@asc/domain';
import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class AssignOwnerCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { owner: ActionOwner },
    meta: CommandMetadata,
    ownerOnly: { permission: string } | false = false,
  ) {
    super(actionId, meta, ownerOnly);
  }
}
