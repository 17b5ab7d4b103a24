import { type BrokenEvent } from '@asc/event-store';

export class VerifyLogQuery {}

export interface VerifyLogResult {
  ok: boolean;
  streams: number;
  events: number;
  /** The first event that failed, with the reason in words. */
  firstBroken?: BrokenEvent & { description: string };
}
