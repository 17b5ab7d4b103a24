import { type ActionOwner, type Priority } from '@asc/domain';
import { ActionBusCommand } from '../../shared/action-command.base';
import { type CommandMetadata } from '../../shared/command-metadata';

export interface RaiseActionInput {
  planId: string;
  title: string;
  qualityStatement: string;
  priority: Priority;
  ref?: string;
  description?: string | null;
  source?: { kind: string; reference?: string | null } | null;
  owner?: ActionOwner | null;
  dueDate?: string | null;
}

export class RaiseActionCommand extends ActionBusCommand {
  constructor(
    actionId: string,
    readonly input: RaiseActionInput,
    meta: CommandMetadata,
  ) {
    super(actionId, meta);
  }
}
