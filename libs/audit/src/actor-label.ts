/**
 * Who did it, as a person reads it. New events carry the signed-in person's `actorName` in their
 * metadata; older ones hold only the subject id, which is shown as it is. Engine components
 * (`system:chaser`) read "the chaser".
 */
export function actorLabel(metadata: { actor?: unknown; actorName?: unknown }): string {
  const name = typeof metadata.actorName === 'string' ? metadata.actorName.trim() : '';
  if (name !== '') return name;
  const actor = typeof metadata.actor === 'string' ? metadata.actor : '';
  if (actor.startsWith('system:')) return `the ${actor.slice('system:'.length) || 'engine'}`;
  if (actor.startsWith('os-user:'))
    return `${actor.slice('os-user:'.length)} (operating-system user)`;
  return actor === '' ? 'someone unrecorded' : actor;
}
