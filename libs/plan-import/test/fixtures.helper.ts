import { readFileSync } from 'fs';
import { join } from 'path';

/** The repository's copy of the shared fixtures (the same documents the seed loads). */
export const FIXTURES_DIR = join(__dirname, '../../../fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

export const MEDWAY = 'medway-asc-self-assessment-2024.txt';
export const CQC_GOVERNANCE = 'cqc-governance-quality-statement.txt';
