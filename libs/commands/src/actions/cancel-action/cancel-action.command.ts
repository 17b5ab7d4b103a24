import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class CancelActionCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { reason: string },
    meta: CommandMetadata,
    ownerOnly: { permission: string } | false = false,
  ) {
    super(actionId, meta, ownerOnly);
  }
}
