import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddEvidenceHandler } from './actions/add-evidence/add-evidence.handler';
import { AssignOwnerHandler } from './actions/assign-owner/assign-owner.handler';
import { CancelActionHandler } from './actions/cancel-action/cancel-action.handler';
import { CompleteActionHandler } from './actions/complete-action/complete-action.handler';
import { EscalateActionHandler } from './actions/escalate-action/escalate-action.handler';
import { RaiseActionHandler } from './actions/raise-action/raise-action.handler';
import { RecordBoardDecisionHandler } from './actions/record-board-decision/record-board-decision.handler';
import { RejectCompletionHandler } from './actions/reject-completion/reject-completion.handler';
import { ReportProgressHandler } from './actions/report-progress/report-progress.handler';
import { SetDueDateHandler } from './actions/set-due-date/set-due-date.handler';
import { VerifyCompletionHandler } from './actions/verify-completion/verify-completion.handler';
import { ConfigureBoardHandler } from './plans/configure-board/configure-board.handler';
import { ConfigureChasingPolicyHandler } from './plans/configure-chasing-policy/configure-chasing-policy.handler';
import { CreatePlanHandler } from './plans/create-plan/create-plan.handler';
import { ImportPlanHandler } from './plans/import-plan/import-plan.handler';
import { RecordFindingHandler } from './plans/record-finding/record-finding.handler';
import { ScoreQualityStatementHandler } from './plans/score-quality-statement/score-quality-statement.handler';
import { AggregateRepository } from './shared/aggregate-repository';
import { Clock, SystemClock } from './shared/clock';
import { PlanLookup } from './shared/plan-lookup.service';

const HANDLERS = [
  RaiseActionHandler,
  AssignOwnerHandler,
  SetDueDateHandler,
  ReportProgressHandler,
  AddEvidenceHandler,
  CompleteActionHandler,
  VerifyCompletionHandler,
  RejectCompletionHandler,
  CancelActionHandler,
  EscalateActionHandler,
  RecordBoardDecisionHandler,
  CreatePlanHandler,
  ConfigureBoardHandler,
  ConfigureChasingPolicyHandler,
  ScoreQualityStatementHandler,
  RecordFindingHandler,
  ImportPlanHandler,
];

/** The write side: every command handler, on @nestjs/cqrs's CommandBus. Needs an EVENT_STORE. */
@Module({
  imports: [CqrsModule],
  providers: [
    ...HANDLERS,
    AggregateRepository,
    PlanLookup,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [CqrsModule, AggregateRepository, PlanLookup, Clock],
})
export class CommandsModule {}
