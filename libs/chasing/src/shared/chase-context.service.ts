import { Injectable } from '@nestjs/common';
import { ACTION, AggregateRepository, Clock, PlanLookup } from '@asc/commands';
import {
  type ActionState,
  type Board,
  boardsOf,
  type ChaseDecision,
  type ChasingPolicy,
  type CreatedPlan,
  decideChase,
  isRaised,
  type RaisedAction,
} from '@asc/domain';

export interface ChaseContext {
  readonly state: RaisedAction;
  /** Stream version the state was folded to: the expected version of what the chaser appends. */
  readonly version: number;
  readonly plan: CreatedPlan;
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

  /** `plan`: the action's plan as the caller just read it (skips reading it again). */
  async load(actionId: string, plan?: CreatedPlan): Promise<ChaseContext | undefined> {
    const { state, version } = await this.repository.current(ACTION, actionId);
    if (!isRaised(state)) return undefined;
    return this.decide(state, version, plan?.planId === state.planId ? plan : undefined);
  }

  async decide(
    state: ActionState,
    version: number,
    known?: CreatedPlan,
  ): Promise<ChaseContext | undefined> {
    if (!isRaised(state)) return undefined;
    const plan = known ?? (await this.planOf(state.planId));
    if (!plan) return undefined;
    const now = this.clock.now();
    const boards = boardsOf(plan);
    const policy = plan.chasingPolicy;
    const decision = decideChase({ state, policy, boards, now: now.toISOString() });
    return { state, version, plan, policy, boards, now, decision };
  }

  /** The plan as it is now; undefined when it does not exist. */
  planOf(planId: string): Promise<CreatedPlan | undefined> {
    return this.plans.plan(planId).catch(() => undefined);
  }
}
