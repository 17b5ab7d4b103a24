import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidDate, resolveQualityStatement } from '@asc/domain';

/** A real calendar date as `YYYY-MM-DD` (2025-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: property as string,
      options: { message: 'must be a real date as YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDate(value) },
    });
}

/** A quality statement code (`QS7`) or name, matched loosely; stored as the code. */
export function IsQualityStatement(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) =>
      typeof value === 'string' ? (resolveQualityStatement(value)?.code ?? value) : value,
    )(target, property);
    registerDecorator({
      name: 'isQualityStatement',
      target: target.constructor,
      propertyName: property as string,
      options: {
        message: 'must be a CQC quality statement code (QS1 to QS9) or its name',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && /^QS[1-9]$/.test(value),
      },
    });
  };
}

/** Trims strings so that whitespace alone counts as empty. */
export const Trim = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
