import { Injectable } from '@nestjs/common';
import { ACTION, AggregateRepository, Clock, PlanLookup } from '@asc/commands';
import {
  type ActionState,
  type Board,
  boardsOf,
  type ChaseDecision,
  type ChasingPolicy,
  decideChase,
  isRaised,
  type RaisedAction,
} from '@asc/domain';

export interface ChaseContext {
  readonly state: RaisedAction;
  /** Stream version the state was folded to: the expected version of what the chaser appends. */
  readonly version: number;
  readonly policy: ChasingPolicy;
  readonly boards: readonly Board[];
  readonly now: Date;
  readonly decision: ChaseDecision;
}

/**
 * An action's chase as of now, from the log (not the read models, which may lag): its current
 * state and version, its plan's policy and boards, and what decideChase makes of them.
 */
@Injectable()
export class ChaseContextLoader {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly plans: PlanLookup,
    private readonly clock: Clock,
  ) {}

  async load(actionId: string): Promise<ChaseContext | undefined> {
    const { state, version } = await this.repository.current(ACTION, actionId);
    if (!isRaised(state)) return undefined;
    return this.decide(state, version);
  }

  async decide(state: ActionState, version: number): Promise<ChaseContext | undefined> {
    if (!isRaised(state)) return undefined;
    const plan = await this.plans.plan(state.planId).catch(() => undefined);
    if (!plan) return undefined;
    const now = this.clock.now();
    const boards = boardsOf(plan);
    const policy = plan.chasingPolicy;
    const decision = decideChase({ state, policy, boards, now: now.toISOString() });
    return { state, version, policy, boards, now, decision };
  }
}
