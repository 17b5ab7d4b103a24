import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { type Command } from 'commander';
import {
  CreatePlanCommand,
  type CommandMetadata,
  deterministicId,
  ImportPlanCommand,
  type ImportPlanResult,
} from '@asc/commands';
import { EVENT_STORE, type EventStore } from '@asc/event-store';
import { SeedModule } from './seed.module';

const SELF_ASSESSMENT = 'medway-asc-self-assessment-2024.txt';
const CQC_EXCERPT = 'cqc-governance-quality-statement.txt';

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description(
      "Load the Medway demonstration plan: its March 2024 self-assessment (nine quality statements, every priority as an action) and CQC's governance score. Safe to repeat: nothing is recorded twice.",
    )
    .option('--if-empty', 'only when the event store holds no events yet (what npm start does)')
    .option(
      '--fixtures <dir>',
      'folder holding the two documents',
      resolve(__dirname, '../../../fixtures'),
    )
    .action(async (options: { ifEmpty?: boolean; fixtures: string }) => {
      const app = await NestFactory.createApplicationContext(SeedModule, {
        logger: ['error', 'warn'],
      });
      try {
        const store = app.get<EventStore>(EVENT_STORE);
        if (options.ifEmpty && (await store.headPosition()) > 0) {
          console.log('seed: the event store already holds events; nothing loaded');
          return;
        }
        const bus = app.get(CommandBus);
        const planId = deterministicId('demo-plan', 'medway');
        const meta = (): CommandMetadata => ({
          actor: 'system:seed',
          commandId: randomUUID(),
          correlationId: 'seed-medway',
        });
        if ((await store.streamVersion(`plan-${planId}`)) < 0) {
          await bus.execute(
            new CreatePlanCommand(
              planId,
              {
                authority: 'Medway Council',
                title: 'Adult Social Care improvement plan',
                period: { from: '2024-04-01', to: '2026-03-31' },
              },
              meta(),
            ),
          );
        }
        for (const file of [SELF_ASSESSMENT, CQC_EXCERPT]) {
          const content = readFileSync(join(options.fixtures, file), 'utf8');
          const result = await bus.execute<ImportPlanCommand, ImportPlanResult>(
            new ImportPlanCommand(planId, { format: 'self-assessment', content }, meta()),
          );
          console.log(
            `seed: ${file}: ${result.actionsRaised} actions raised (${result.actionsAlreadyPresent} already present), ` +
              `${result.findingsRecorded} findings, ${result.scoresRecorded} scores, ${result.skipped.length} lines skipped`,
          );
        }
        console.log(`seed: Medway plan ${planId}`);
      } finally {
        await app.close();
      }
    });
}
