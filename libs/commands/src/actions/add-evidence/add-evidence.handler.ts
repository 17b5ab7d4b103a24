import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type AddEvidence } from '@asc/domain';
import { ActionCommandHandlerBase } from '../../shared/action-command.base';
import { AggregateRepository } from '../../shared/aggregate-repository';
import { Clock } from '../../shared/clock';
import { type CommandResult } from '../../shared/command-metadata';
import { AddEvidenceCommand } from './add-evidence.command';

@CommandHandler(AddEvidenceCommand)
export class AddEvidenceHandler
  extends ActionCommandHandlerBase<AddEvidenceCommand>
  implements ICommandHandler<AddEvidenceCommand, CommandResult>
{
  constructor(repository: AggregateRepository, clock: Clock) {
    super(repository, clock);
  }

  protected toDomain(
    c: AddEvidenceCommand,
    base: { actionId: string; now: string; actor: string },
  ): AddEvidence {
    return {
      type: 'AddEvidence',
      ...base,
      title: c.input.title,
      uri: c.input.uri,
      sha256: c.input.sha256 ?? null,
    };
  }
}
