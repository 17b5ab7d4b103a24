import { type ActionOwner, type BoardDecision } from '@asc/domain';
import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export interface RecordBoardDecisionInput {
  boardId: string;
  decision: BoardDecision;
  note?: string | null;
  meetingDate: string;
  newDueDate?: string | null;
  newOwner?: ActionOwner | null;
}

export class RecordBoardDecisionCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: RecordBoardDecisionInput,
    meta: CommandMetadata,
  ) {
    super(actionId, meta);
  }
}
