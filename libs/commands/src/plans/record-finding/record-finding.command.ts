import { type FindingKind } from '@asc/domain';
import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export class RecordFindingCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: {
      findingId: string;
      qualityStatement: string;
      kind: FindingKind;
      text: string;
    },
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
