import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { type FieldProblem, InvalidInputException } from './problem-details';

/** Flattens class-validator's tree into `owner.email: must be an email` pairs. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((rule) => ({
      field,
      rule: stripProperty(rule, error.property),
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name; the field already says it. */
function stripProperty(rule: string, property: string): string {
  return rule.startsWith(`${property} `) ? rule.slice(property.length + 1) : rule;
}

/**
 * Every DTO rule is synchronous: validating synchronously spares a promise per rule on every
 * request (ADR 14). An async rule would be skipped, so none may be added.
 */
class SyncValidationPipe extends ValidationPipe {
  protected override validate(object: object, options?: ValidatorOptions): ValidationError[] {
    return validateSync(object, options);
  }
}

/** Whitelist, refuse unknown fields, transform to DTO classes, 400 naming every failing field. */
export function createValidationPipe(): ValidationPipe {
  return new SyncValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidInputException(fieldProblems(errors)),
  });
}
