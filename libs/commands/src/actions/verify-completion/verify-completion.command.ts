import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class VerifyCompletionCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { note?: string | null },
    meta: CommandMetadata,
    ownerOnly: { permission: string } | false = false,
  ) {
    super(actionId, meta, ownerOnly);
  }
}
