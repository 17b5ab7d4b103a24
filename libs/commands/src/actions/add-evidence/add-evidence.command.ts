import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class AddEvidenceCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { title: string; uri: string; sha256?: string | null },
    meta: CommandMetadata,
    ownerOnly: { permission: string } | false = false,
  ) {
    super(actionId, meta, ownerOnly);
  }
}
