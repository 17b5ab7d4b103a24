/**
 * Fault-injection seams for tests (and the fault suite): the default does nothing. A test that
 * makes `afterDelivery` throw simulates a crash between a reminder's delivery and its record.
 */
export abstract class ChaseHooks {
  abstract afterDelivery(notificationKey: string): Promise<void>;
}

export class NoChaseHooks extends ChaseHooks {
  async afterDelivery(): Promise<void> {}
}
