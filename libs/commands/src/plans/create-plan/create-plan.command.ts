import { type PlanPeriod } from '@asc/domain';
import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export class CreatePlanCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: { authority: string; title: string; period?: PlanPeriod | null },
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
