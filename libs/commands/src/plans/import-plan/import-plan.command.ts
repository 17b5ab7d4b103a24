import { type CommandMetadata } from '../../shared/command-metadata';
import { PlanBusCommand } from '../../shared/plan-command.base';

export interface ImportPlanInput {
  format: string;
  content: string;
  /** Date of a CQC score whose document states none (`YYYY-MM-DD`); defaults to today in London. */
  assessedAt?: string;
}

export interface ImportPlanResult {
  actionsRaised: number;
  /** Actions this document raised before: a repeated import raises nothing twice. */
  actionsAlreadyPresent: number;
  findingsRecorded: number;
  scoresRecorded: number;
  skipped: { line: number; text: string; reason: string }[];
  qualityStatements: string[];
  /** The plan stream's version and the log position after the import. */
  version: number;
  position: number;
}

export class ImportPlanCommand extends PlanBusCommand {
  constructor(
    planId: string,
    readonly input: ImportPlanInput,
    meta: CommandMetadata,
  ) {
    super(planId, meta);
  }
}
