import { type EscalationReason } from '@asc/domain';
import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class EscalateActionCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { boardId: string; reason: EscalationReason },
    meta: CommandMetadata,
  ) {
    super(actionId, meta);
  }
}
