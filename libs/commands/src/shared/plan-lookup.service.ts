import { Injectable } from '@nestjs/common';
import {
  type Board,
  boardById,
  type CreatedPlan,
  DomainRuleViolation,
  isCreated,
  isRaised,
  type RuleId,
} from '@asc/domain';
import { AggregateRepository } from './aggregate-repository';
import { ACTION, PLAN } from './aggregates';
import { NotFoundError } from './command.errors';

/** Plan facts an action command depends on: that the plan exists, and its boards. */
@Injectable()
export class PlanLookup {
  constructor(private readonly repository: AggregateRepository) {}

  async plan(planId: string): Promise<CreatedPlan> {
    const { state } = await this.repository.current(PLAN, planId);
    if (!isCreated(state)) throw new NotFoundError('plan', planId);
    return state;
  }

  async board(planId: string, boardId: string, rule: RuleId): Promise<Board> {
    const board = boardById(await this.plan(planId), boardId);
    if (!board)
      throw new DomainRuleViolation(rule, `The plan has no board with id ${boardId}`, 'boardId');
    return board;
  }

  /** The board of the action's own plan that a person named (escalation, decision). */
  async boardForAction(actionId: string, boardId: string, rule: RuleId): Promise<Board> {
    const { state } = await this.repository.current(ACTION, actionId);
    if (!isRaised(state)) throw new NotFoundError('action', actionId);
    return this.board(state.planId, boardId, rule);
  }
}
