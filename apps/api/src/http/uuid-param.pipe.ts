import { Param, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InvalidInputException } from './problem-details';

/** A path id that is not a UUID is bad input (400 naming it), not an unknown record (404). */
export class UuidParamPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field: string) {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !isUUID(value)) {
      throw new InvalidInputException([{ field: this.field, rule: 'must be a UUID' }]);
    }
    return value.toLowerCase();
  }
}

export const UuidParam = (name: string) => Param(name, new UuidParamPipe(name));
