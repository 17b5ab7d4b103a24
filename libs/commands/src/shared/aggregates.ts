import {
  ACTION_EVENT_SCHEMA_VERSIONS,
  type ActionCommand,
  type ActionEvent,
  type ActionState,
  actionDecider,
  actionStreamName,
  PLAN_EVENT_SCHEMA_VERSIONS,
  type PlanCommand,
  type PlanEvent,
  type PlanState,
  planDecider,
  planStreamName,
} from '@asc/domain';
import { type AggregateKind } from './aggregate-repository';

export const ACTION: AggregateKind<ActionCommand, ActionEvent, ActionState> = {
  resource: 'action',
  decider: actionDecider,
  streamOf: actionStreamName,
  schemaVersions: ACTION_EVENT_SCHEMA_VERSIONS,
};

export const PLAN: AggregateKind<PlanCommand, PlanEvent, PlanState> = {
  resource: 'plan',
  decider: planDecider,
  streamOf: planStreamName,
  schemaVersions: PLAN_EVENT_SCHEMA_VERSIONS,
};
