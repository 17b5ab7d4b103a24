/** A governance board of a plan, with the escalation level it handles. */
export interface Board {
  readonly boardId: string;
  readonly name: string;
  /** Who chairs it, e.g. "DASS"; null when not recorded. */
  readonly chair: string | null;
  /** 1 is the first escalation step; higher levels oversee lower ones. */
  readonly level: number;
  /** Where escalations and board packs go; null when not recorded. */
  readonly email: string | null;
}

/**
 * Medway's three boards (domain.md), used by any plan that has no boards configured.
 * The ids are stable: escalations to a default board name them.
 */
export function defaultBoards(): Board[] {
  return [
    {
      boardId: 'performance-clinic',
      name: 'Performance Clinic',
      chair: null,
      level: 1,
      email: null,
    },
    {
      boardId: 'qapi-board',
      name: 'Quality Assurance, Performance & Information Board',
      chair: 'DASS',
      level: 2,
      email: null,
    },
    {
      boardId: 'health-asc-oversight-board',
      name: 'Health & ASC Oversight Board',
      chair: 'Portfolio Holder',
      level: 3,
      email: null,
    },
  ];
}
