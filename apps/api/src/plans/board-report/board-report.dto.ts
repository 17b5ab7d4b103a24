import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsCalendarDate } from '../../http/dto-validators';

export const BOARD_REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type BoardReportFormat = (typeof BOARD_REPORT_FORMATS)[number];

export class BoardReportQueryDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, { message: 'must be a board id' })
  boardId!: string;

  /** The moment the report describes; default now. Checked by parseAsOf. */
  @IsOptional()
  @IsString()
  asOf?: string;

  /** The board's previous meeting: what changed since is listed. */
  @IsOptional()
  @IsCalendarDate()
  previousMeetingDate?: string;

  @IsOptional()
  @IsIn(BOARD_REPORT_FORMATS, { message: `must be one of ${BOARD_REPORT_FORMATS.join(', ')}` })
  format?: BoardReportFormat;
}
