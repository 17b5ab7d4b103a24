export { CommandsModule } from './commands.module';
export { AggregateRepository, type DomainEvent } from './shared/aggregate-repository';
export { ACTION, PLAN } from './shared/aggregates';
export { Clock, SystemClock } from './shared/clock';
export { type CommandMetadata, type CommandResult } from './shared/command-metadata';
export {
  IdempotencyKeyReusedError,
  NotFoundError,
  PermissionDeniedError,
} from './shared/command.errors';
export { deterministicId } from './shared/deterministic-id';
export { PlanLookup } from './shared/plan-lookup.service';
export { AddEvidenceCommand } from './actions/add-evidence/add-evidence.command';
export { AssignOwnerCommand } from './actions/assign-owner/assign-owner.command';
export { CancelActionCommand } from './actions/cancel-action/cancel-action.command';
export { CompleteActionCommand } from './actions/complete-action/complete-action.command';
export { EscalateActionCommand } from './actions/escalate-action/escalate-action.command';
export {
  RaiseActionCommand,
  type RaiseActionInput,
} from './actions/raise-action/raise-action.command';
export {
  RecordBoardDecisionCommand,
  type RecordBoardDecisionInput,
} from './actions/record-board-decision/record-board-decision.command';
export { RejectCompletionCommand } from './actions/reject-completion/reject-completion.command';
export { ReportProgressCommand } from './actions/report-progress/report-progress.command';
export { SetDueDateCommand } from './actions/set-due-date/set-due-date.command';
export { VerifyCompletionCommand } from './actions/verify-completion/verify-completion.command';
export { ConfigureBoardCommand } from './plans/configure-board/configure-board.command';
export { ConfigureChasingPolicyCommand } from './plans/configure-chasing-policy/configure-chasing-policy.command';
export { CreatePlanCommand } from './plans/create-plan/create-plan.command';
export { RecordFindingCommand } from './plans/record-finding/record-finding.command';
export { ScoreQualityStatementCommand } from './plans/score-quality-statement/score-quality-statement.command';
export {
  ImportPlanCommand,
  type ImportPlanInput,
  type ImportPlanResult,
} from './plans/import-plan/import-plan.command';
