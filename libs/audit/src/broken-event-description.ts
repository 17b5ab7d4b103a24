import { type BrokenEvent } from '@asc/event-store';

/**
 * Why `verify` stopped at an event, in words an auditor can act on. One stored hash per event
 * cannot tell an edited event from an earlier one rewritten and re-hashed (the chain link to
 * this event is then what breaks), so a hash mismatch names both.
 */
export function describeBrokenEvent(broken: BrokenEvent): string {
  const where = `Event ${broken.eventId} (stream ${broken.stream}, version ${broken.version}, position ${broken.position})`;
  switch (broken.reason) {
    case 'hash-mismatch':
      return (
        `${where} does not match its stored hash: its stored content or hash was changed after it ` +
        `was recorded, or the event before it in the stream was rewritten and re-hashed, breaking ` +
        `the chain link to this one.`
      );
    case 'version-gap':
      return (
        `${where} does not follow the previous event of its stream: an event before it was ` +
        `removed, or moved to another stream or version.`
      );
    case 'recorded-at-mismatch':
      return (
        `${where} has a recorded time that differs from the time in its hashed metadata: the ` +
        `time was changed after it was recorded, which would move it in as-of replays.`
      );
    default:
      return `${where} failed verification: ${String(broken.reason)}.`;
  }
}
