export class GetPlanQuery {
  constructor(
    readonly planId: string,
    readonly asOf?: string,
  ) {}
}
