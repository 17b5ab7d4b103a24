import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export class ConfigureBoardCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: {
      boardId: string;
      name: string;
      chair?: string | null;
      level: number;
      email?: string | null;
    },
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
