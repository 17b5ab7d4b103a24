import { type ScoreSource } from '@asc/domain';
import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export class ScoreQualityStatementCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: {
      qualityStatement: string;
      score: number;
      source: ScoreSource;
      assessedAt: string;
    },
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
