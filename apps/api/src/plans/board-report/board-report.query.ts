export class BoardReportQuery {
  constructor(
    readonly planId: string,
    readonly boardId: string,
    /** ISO instant, already checked: the report is the log replayed up to this moment. */
    readonly asOf: string,
    readonly previousMeetingDate: string | null,
  ) {}
}
