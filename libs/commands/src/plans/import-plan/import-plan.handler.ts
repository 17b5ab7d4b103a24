import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { londonDateOf, type PlanCommand } from '@asc/domain';
import { type ImportedAction, parseImport } from '@asc/plan-import';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { ACTION, PLAN } from '../../shared/aggregates';
import { Clock } from '../../shared/clock';
import { type CommandMetadata } from '../../shared/command-metadata';
import { deterministicId } from '../../shared/deterministic-id';
import { PlanLookup } from '../../shared/plan-lookup.service';
import { ImportPlanCommand, type ImportPlanResult } from './import-plan.command';

/**
 * Turns a self-assessment, a CQC excerpt or a council's CSV into findings and scores (one
 * all-or-nothing append on the plan) and actions (one stream each). Ids come from each item's
 * content key, so importing the same document again records nothing twice.
 */
@CommandHandler(ImportPlanCommand)
export class ImportPlanHandler implements ICommandHandler<ImportPlanCommand, ImportPlanResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly clock: Clock,
    private readonly plans: PlanLookup,
  ) {}

  async execute({ planId, input, meta }: ImportPlanCommand): Promise<ImportPlanResult> {
    const parsed = parseImport(input.format, input.content);
    await this.plans.plan(planId);
    const now = this.clock.now().toISOString();
    const base = { planId, now, actor: meta.actor };

    const before = await this.repository.load(PLAN, planId);
    const planCommands: PlanCommand[] = [
      ...parsed.findings.map((f) => ({
        type: 'RecordFinding' as const,
        ...base,
        findingId: deterministicId('finding', planId, f.key),
        qualityStatement: f.qualityStatement,
        kind: f.kind,
        text: f.text,
      })),
      ...parsed.scores.map((s) => ({
        type: 'ScoreQualityStatement' as const,
        ...base,
        qualityStatement: s.qualityStatement,
        score: s.score,
        source: s.source,
        assessedAt: s.assessedAt ?? input.assessedAt ?? londonDateOf(now),
      })),
    ];
    const plan = await this.repository.executeMany(PLAN, planId, planCommands, meta);
    const added = (await this.repository.load(PLAN, planId)).events.slice(before.events.length);

    let actionsRaised = 0;
    let actionsAlreadyPresent = 0;
    let position = plan.position;
    for (const action of parsed.actions) {
      const actionId = deterministicId('imported-action', planId, action.key);
      if ((await this.repository.current(ACTION, actionId)).version >= 0) {
        actionsAlreadyPresent++;
        continue;
      }
      const result = await this.repository.execute(
        ACTION,
        actionId,
        this.raise(planId, actionId, action, now, meta),
        meta,
        {
          creates: true,
        },
      );
      actionsRaised++;
      position = Math.max(position, result.position);
    }

    return {
      actionsRaised,
      actionsAlreadyPresent,
      findingsRecorded: added.filter((e) => e.type === 'FindingRecorded').length,
      scoresRecorded: added.filter((e) => e.type === 'QualityStatementScored').length,
      skipped: [...parsed.skipped],
      qualityStatements: [...parsed.qualityStatementsSeen],
      version: plan.version,
      position,
    };
  }

  private raise(
    planId: string,
    actionId: string,
    action: ImportedAction,
    now: string,
    meta: CommandMetadata,
  ) {
    // A spreadsheet knows the owner's email only; it stands as their id until a lead re-assigns.
    const owner = action.ownerEmail
      ? {
          id: action.ownerEmail.toLowerCase(),
          name: nameFromEmail(action.ownerEmail),
          email: action.ownerEmail.toLowerCase(),
        }
      : null;
    return {
      type: 'RaiseAction' as const,
      actionId,
      now,
      actor: meta.actor,
      planId,
      title: action.title,
      description: action.description,
      qualityStatement: action.qualityStatement,
      priority: action.priority,
      source: { kind: action.source.kind, reference: action.source.reference },
      owner,
      dueDate: action.dueDate ?? null,
    };
  }
}

function nameFromEmail(email: string): string {
  return email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}
