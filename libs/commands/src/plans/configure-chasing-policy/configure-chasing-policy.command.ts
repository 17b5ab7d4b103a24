import { type ChasingPolicy } from '@asc/domain';
import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export class ConfigureChasingPolicyCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: { policy: ChasingPolicy },
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
