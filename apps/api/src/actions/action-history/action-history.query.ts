import { type HistoryEntry } from '@asc/audit';

export class ActionHistoryQuery {
  constructor(readonly actionId: string) {}
}

export interface ActionHistoryResult {
  actionId: string;
  events: HistoryEntry[];
}
