import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SCORE_SOURCES, type ScoreSource } from '@asc/domain';
import { IsCalendarDate, IsQualityStatement, Trim } from '../http/dto-validators';

export class PeriodDto {
  @IsCalendarDate() from!: string;
  @IsCalendarDate() to!: string;
}

export class CreatePlanDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) authority!: string;
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => PeriodDto) period?: PeriodDto | null;
}

export class ConfigureBoardDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @IsOptional() @Trim() @IsString() @MaxLength(200) chair?: string | null;
  @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(9) level!: number;
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email?: string | null;
}

export class ScoreQualityStatementDto {
  @IsQualityStatement() qualityStatement!: string;
  @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(4) score!: number;
  @IsIn(SCORE_SOURCES, { message: `must be one of ${SCORE_SOURCES.join(', ')}` })
  source!: ScoreSource;
  @IsCalendarDate() assessedAt!: string;
}

export class EscalationThresholdDto {
  @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(9) level!: number;
  @IsString() @MaxLength(50) overdueBy!: string;
}

/** Shape only; the durations and their order are the domain's rules (validateChasingPolicy). */
export class ChasingPolicyDto {
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  reminderLeadTimes!: string[];
  @IsBoolean() remindOnDueDate!: boolean;
  @IsOptional() @IsString() @MaxLength(50) overdueReminderInterval!: string | null;
  @IsArray()
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => EscalationThresholdDto)
  escalationThresholds!: EscalationThresholdDto[];
  @IsInt({ message: 'must be a whole number' }) @Min(0) @Max(9) highPriorityLevelsSooner!: number;
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(10)
  consecutiveOffTrackToEscalate!: number | null;
  @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(9) offTrackEscalationLevel!: number;
}

export class ImportDto {
  @IsIn(['self-assessment', 'csv'], { message: 'must be self-assessment or csv' }) format!:
    'self-assessment' | 'csv';
  @IsString() @IsNotEmpty() @MaxLength(1_000_000) content!: string;
  /** Date for a CQC score the document does not date itself. */
  @IsOptional() @IsCalendarDate() assessedAt?: string;
}
