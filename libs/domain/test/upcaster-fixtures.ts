import { bumpSchemaVersionForTests, type Upcaster } from '@asc/domain';

/**
 * A test-only release that changes a shape: ProgressReported v2 as today's shape, read from an
 * imagined v1 with `percent` where today has `percentComplete` and no `confidence` (read as
 * `on-track`). No release wrote that v1 (ADR 9: every current version is still 1 and every stored
 * event has today's shape), so only tests that store an event in an old shape bump to it.
 */
export const PROGRESS_REPORTED_V1_UPCASTER: Upcaster = {
  type: 'ProgressReported',
  fromVersion: 1,
  upcast: ({ percent, confidence, ...rest }) => ({
    ...rest,
    percentComplete: percent,
    confidence: confidence ?? 'on-track',
  }),
};

/** Stored data of the imagined v1 ProgressReported. */
export function progressReportedV1(percent: number, note = 'half the team recruited') {
  return { percent, note };
}

/** Bumps ProgressReported to v2 with the upcaster above; call the result to undo. */
export function bumpProgressReportedToV2(): () => void {
  return bumpSchemaVersionForTests(PROGRESS_REPORTED_V1_UPCASTER);
}
