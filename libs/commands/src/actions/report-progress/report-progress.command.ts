import { type Confidence } from '@asc/domain';
import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export class ReportProgressCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: { percentComplete: number; confidence: Confidence; note: string },
    meta: CommandMetadata,
    ownerOnly: { permission: string } | false = false,
  ) {
    super(actionId, meta, ownerOnly);
  }
}
