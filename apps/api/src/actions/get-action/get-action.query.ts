export class GetActionQuery {
  constructor(
    readonly actionId: string,
    /** ISO instant: the action as it stood then, replayed from the log. */
    readonly asOf?: string,
  ) {}
}
