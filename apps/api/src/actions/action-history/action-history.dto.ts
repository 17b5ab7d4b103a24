import { IsIn, IsOptional } from 'class-validator';

export const HISTORY_FORMATS = ['json', 'csv'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export class ActionHistoryQueryDto {
  /** `json` (default) or `csv` for a spreadsheet. */
  @IsOptional()
  @IsIn(HISTORY_FORMATS, { message: `must be one of ${HISTORY_FORMATS.join(', ')}` })
  format?: HistoryFormat;
}
