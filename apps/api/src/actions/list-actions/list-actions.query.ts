import { type ActionRegisterFilter, type PageRequest } from '@asc/read-models';
import { type QualityStatementCode } from '@asc/domain';
import { type ListActionsQueryDto } from './list-actions.dto';

/** The action register, filtered and paged (GET /actions). */
export class ListActionsQuery {
  constructor(
    readonly filter: ActionRegisterFilter,
    readonly paging: PageRequest,
    /** Wait (up to 2 s) for the register to hold this position before answering. */
    readonly minPosition?: number,
  ) {}

  static fromDto(dto: ListActionsQueryDto): ListActionsQuery {
    return new ListActionsQuery(
      {
        planId: dto.planId?.toLowerCase(),
        status: dto.status,
        owner: dto.owner,
        qualityStatement: dto.qualityStatement as QualityStatementCode | undefined,
        overdue: dto.overdue,
        escalatedTo: dto.escalatedTo,
        awaitingDecision: dto.awaitingDecision,
        dueFrom: dto.dueFrom,
        dueTo: dto.dueTo,
      },
      { page: dto.page, pageSize: dto.pageSize },
      dto.minPosition,
    );
  }
}

export interface ListActionsResult {
  body: { items: unknown[]; page: number; pageSize: number; total: number };
  /** Position the register had reached when it was read: everything up to it is in the answer. */
  position: number;
}
