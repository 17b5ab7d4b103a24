import { IsOptional, IsString } from 'class-validator';

/** Checked by parseExportRequest of @asc/audit, the same rules as the command line's. */
export class ExportEventsQueryDto {
  /** Events recorded at or after this ISO date-time with offset; default the start of the log. */
  @IsOptional()
  @IsString()
  from?: string;

  /** Events recorded at or before this ISO date-time with offset; default now. */
  @IsOptional()
  @IsString()
  to?: string;

  /** `jsonl` (default) or `csv`. */
  @IsOptional()
  @IsString()
  format?: string;
}
