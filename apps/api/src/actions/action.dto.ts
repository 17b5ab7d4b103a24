import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BOARD_DECISIONS,
  CONFIDENCES,
  ESCALATION_REASONS,
  PRIORITIES,
  type BoardDecision,
  type Confidence,
  type EscalationReason,
  type Priority,
} from '@asc/domain';
import { IsCalendarDate, IsQualityStatement, Trim } from '../http/dto-validators';

const BOARD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export class OwnerDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) id!: string;
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @Trim() @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254) email!: string;
}

export class SourceDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(50) kind!: string;
  @IsOptional() @Trim() @IsString() @MaxLength(500) reference?: string | null;
}

export class RaiseActionDto {
  @IsUUID('all') planId!: string;
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @IsQualityStatement() qualityStatement!: string;
  @IsIn(PRIORITIES, { message: `must be one of ${PRIORITIES.join(', ')}` }) priority!: Priority;
  @IsOptional() @Trim() @IsString() @MaxLength(4000) description?: string | null;
  @IsOptional()
  @Trim()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$/, {
    message: 'must be up to 30 letters, digits and . _ / -',
  })
  ref?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SourceDto) source?: SourceDto | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OwnerDto) owner?: OwnerDto | null;
  @IsOptional() @IsCalendarDate() dueDate?: string | null;
}

export class AssignOwnerDto {
  @IsObject() @ValidateNested() @Type(() => OwnerDto) owner!: OwnerDto;
}

export class SetDueDateDto {
  @IsCalendarDate() dueDate!: string;
  @IsOptional() @Trim() @IsString() @MaxLength(1000) reason?: string | null;
}

export class ReportProgressDto {
  @IsInt({ message: 'must be a whole number' }) @Min(0) @Max(100) percentComplete!: number;
  @IsIn(CONFIDENCES, { message: `must be one of ${CONFIDENCES.join(', ')}` })
  confidence!: Confidence;
  @Trim() @IsString() @MaxLength(2000) note!: string;
}

export class AddEvidenceDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'must be an http(s) link' },
  )
  @MaxLength(2000)
  uri!: string;
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters' })
  sha256?: string | null;
}

export class CompleteActionDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(4000) summary!: string;
}

export class VerifyCompletionDto {
  @IsOptional() @Trim() @IsString() @MaxLength(2000) note?: string | null;
}

export class ReasonDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

export class EscalateActionDto {
  @Matches(BOARD_ID, { message: 'must be a board id' }) boardId!: string;
  @IsIn(ESCALATION_REASONS, { message: `must be one of ${ESCALATION_REASONS.join(', ')}` })
  reason!: EscalationReason;
}

export class RecordBoardDecisionDto {
  @Matches(BOARD_ID, { message: 'must be a board id' }) boardId!: string;
  @IsIn(BOARD_DECISIONS, { message: `must be one of ${BOARD_DECISIONS.join(', ')}` })
  decision!: BoardDecision;
  @IsOptional() @Trim() @IsString() @MaxLength(2000) note?: string | null;
  @IsCalendarDate() meetingDate!: string;
  @IsOptional() @IsCalendarDate() newDueDate?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => OwnerDto) newOwner?: OwnerDto | null;
}
