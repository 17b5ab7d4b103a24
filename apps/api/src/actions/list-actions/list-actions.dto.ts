import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import {
  MAX_PAGE_SIZE,
  parseRegisterStatus,
  REGISTER_STATUSES,
  type RegisterStatus,
} from '@asc/read-models';
import { IsCalendarDate, IsQualityStatement, Trim } from '../../http/dto-validators';

const BOARD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** `true` / `false` in a query string; anything else is left for IsBoolean to refuse. */
const QueryBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * One or more statuses, comma-separated (or the parameter repeated): delivery statuses
 * (`overdue`, `on track` or `on-track` …) and the lifecycle states `raised` and `open`.
 * Becomes an array of RegisterStatus; a list with any unknown status is refused whole.
 */
function IsRegisterStatusList(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }) => {
      const raw = Array.isArray(value) ? value.join(',') : value;
      if (typeof raw !== 'string') return value;
      const parsed = raw.split(',').map(parseRegisterStatus);
      return parsed.length > 0 && parsed.every((s) => s !== undefined) ? parsed : raw;
    })(target, property);
    registerDecorator({
      name: 'isRegisterStatusList',
      target: target.constructor,
      propertyName: property as string,
      options: {
        message: `must be one or more (comma-separated) of ${REGISTER_STATUSES.join(', ')}`,
        ...options,
      },
      validator: { validate: (value: unknown) => Array.isArray(value) && value.length > 0 },
    });
  };
}

/** Query parameters of `GET /actions` (api.md); every one optional, all combined with AND. */
export class ListActionsQueryDto {
  /** Actions of this plan. */
  @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) planId?: string;

  /** Delivery status(es) as of today (Europe/London), or lifecycle state raised / open. */
  @IsOptional() @IsRegisterStatusList() status?: RegisterStatus[];

  /** The owner's subject id or email address. */
  @IsOptional() @Trim() @IsString() @IsNotEmpty() @MaxLength(254) owner?: string;

  /** A quality statement code (`QS7`) or name. */
  @IsOptional() @IsQualityStatement() qualityStatement?: string;

  /** Overdue today (true) or not (false). */
  @IsOptional() @QueryBoolean() @IsBoolean({ message: 'must be true or false' }) overdue?: boolean;

  /** Board id the action was last escalated to. */
  @IsOptional()
  @Matches(BOARD_ID, { message: 'must be a board id: letters, digits, _ and -' })
  escalatedTo?: string;

  /** Escalated and waiting for a board decision (true) or not (false). */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean({ message: 'must be true or false' })
  awaitingDecision?: boolean;

  /** Due on or after this date. */
  @IsOptional() @IsCalendarDate() dueFrom?: string;

  /** Due on or before this date. */
  @IsOptional() @IsCalendarDate() dueTo?: string;

  /** 1-based page number; default 1. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  page?: number;

  /** Items per page; default 50, at most 200. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  /**
   * Read your own writes: the `position` a command answered with. The query waits up to 2 s for
   * the register to reach it, then answers anyway; X-Read-Model-Position says how far it got.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  minPosition?: number;
}
