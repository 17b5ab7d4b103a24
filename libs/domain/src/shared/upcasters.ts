import { ACTION_EVENT_SCHEMA_VERSIONS } from '../action/action.events';
import { PLAN_EVENT_SCHEMA_VERSIONS } from '../plan/plan.events';

/**
 * Reading old event shapes as the current ones (architecture.md: "old shapes are upcast on read").
 * A stored event never changes (its hash covers its data and schemaVersion); every reader (the
 * write side's fold, projections, as-of replays, history and export) passes what it reads through
 * `upcastEvent` and sees only current shapes. See docs/adr/0009-event-upcasting.md.
 */

/** What an upcaster needs of an event: the stored type, schemaVersion and data. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: object;
}

/** One step: data of `type` at `fromVersion` → data at `fromVersion + 1`. Pure. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/** An event whose shape this release cannot read: older with no upcaster, or newer. */
export class UnreadableEventVersionError extends Error {
  override readonly name = 'UnreadableEventVersionError';
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      schemaVersion > currentVersion
        ? `${type} v${schemaVersion} is newer than this release reads (v${currentVersion}): upgrade readers before writers`
        : `${type} v${schemaVersion} has no upcaster to v${schemaVersion + 1} (current v${currentVersion})`,
    );
  }
}

/** The versions new events are written with (the events files), unless a test bumps one. */
const current = new Map<string, number>(
  Object.entries({ ...ACTION_EVENT_SCHEMA_VERSIONS, ...PLAN_EVENT_SCHEMA_VERSIONS }),
);

/** `type` → `fromVersion` → step. Empty in this release: no stored shape has changed yet. */
const steps = new Map<string, Map<number, Upcaster>>();

/** The schemaVersion new events of `type` are written with; undefined for a type not ours. */
export function currentSchemaVersion(type: string): number | undefined {
  return current.get(type);
}

/**
 * Adds a step to the registry; returns a function that removes it again. A step must lead
 * towards the type's current version, and each (type, fromVersion) has one step.
 */
export function registerUpcaster(upcaster: Upcaster): () => void {
  const version = currentSchemaVersion(upcaster.type);
  if (version === undefined) throw new Error(`no event type ${upcaster.type}`);
  const { fromVersion } = upcaster;
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion >= version) {
    throw new Error(
      `an upcaster of ${upcaster.type} must start from 1 up to below its current version ${version}: ${fromVersion}`,
    );
  }
  const forType = steps.get(upcaster.type) ?? new Map<number, Upcaster>();
  if (forType.has(fromVersion)) {
    throw new Error(`${upcaster.type} v${fromVersion} already has an upcaster`);
  }
  forType.set(fromVersion, upcaster);
  steps.set(upcaster.type, forType);
  return () => {
    if (forType.get(fromVersion) === upcaster) forType.delete(fromVersion);
  };
}

/**
 * For tests only: what a release that changes a shape does. The type's current version goes
 * from `upcaster.fromVersion` to the next one (new events are written with it) and `upcaster`
 * reads the old shape. Returns a function that undoes both. Stores refuse schemaVersion 0, so
 * an old shape can only be simulated above the current version, never below it.
 */
export function bumpSchemaVersionForTests(upcaster: Upcaster): () => void {
  const before = currentSchemaVersion(upcaster.type);
  if (before !== upcaster.fromVersion) {
    throw new Error(`${upcaster.type} is at v${before}, not v${upcaster.fromVersion}`);
  }
  current.set(upcaster.type, before + 1);
  try {
    const unregister = registerUpcaster(upcaster);
    return () => {
      unregister();
      current.set(upcaster.type, before);
    };
  } catch (error) {
    current.set(upcaster.type, before);
    throw error;
  }
}

/**
 * The event as the current release reads it: unchanged (the same object) when already current
 * or not one of ours; otherwise a copy with data upcast step by step and the current
 * schemaVersion. Throws UnreadableEventVersionError when no path leads to the current version.
 */
export function upcastEvent<T extends VersionedEvent>(event: T): T {
  const current = currentSchemaVersion(event.type);
  if (current === undefined || event.schemaVersion === current) return event;
  const forType = steps.get(event.type);
  let data = event.data as Record<string, unknown>;
  for (let version = event.schemaVersion; version < current; version++) {
    const step = forType?.get(version);
    if (!step) throw new UnreadableEventVersionError(event.type, event.schemaVersion, current);
    data = step.upcast(data);
  }
  if (event.schemaVersion > current) {
    throw new UnreadableEventVersionError(event.type, event.schemaVersion, current);
  }
  return { ...event, schemaVersion: current, data };
}
