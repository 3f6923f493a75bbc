/**
 * GET /api/segments/download?format=…&where=…: a segment's persons as a file, streamed (any number
 * of rows up to ACTIONLAKE_SERVE_DOWNLOAD_ROWS, within ACTIONLAKE_SERVE_DOWNLOAD_MS).
 *
 * THE PLACE FOR MORE FORMATS. Each entry of SEGMENT_DOWNLOADS is one file the Segments view offers
 * (/api/meta lists them; the view shows a button per format, no front-end change needed):
 * `csv` is the persons as `actionlake segment --out FILE.csv` writes them (site_id, person_id,
 * user_id, anonymous_ids), every cell through the ground's CSV-injection-safe writer (csvLine:
 * a visitor's user id such as `=HYPERLINK(...)` opens as text). Activation (contract §12,
 * `actionlake audience --format google-customer-match | meta-custom-audience`) adds its platform
 * files here, written from the same checked predicate (`where`) and period.
 */
import { AUDIENCE_FORMATS, audienceFile, audienceSelect, type AudienceFormat, type AudiencePerson } from '../../activation/audience';
import { csvLine } from '../../ground/output/csv';
import type { ApiContext } from './endpoint';
import { explained, segmentCondition, segmentFileSelect, segmentValues } from './segments';

export interface DownloadLimits {
  maxRows: number;
  timeoutMs: number;
}

export interface SegmentDownload {
  format: string;
  /** the button's text */
  label: string;
  extension: string;
  contentType: string;
  /**
   * Writes the file of the persons matching `where` (already checked) in the request's site and
   * period through `write` (which waits while the client is slow); returns the rows written.
   */
  write(ctx: ApiContext, where: string, write: (text: string) => Promise<void>, limits: DownloadLimits): Promise<number>;
}

const csv: SegmentDownload = {
  format: 'csv',
  label: 'CSV',
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8',
  async write(ctx, where, write, limits) {
    let header = false;
    const { rows, columns } = await explained(ctx, () =>
      ctx.reader.stream(segmentFileSelect(where), segmentValues(ctx), async (rows, columns) => {
        let text = header ? '' : csvLine(columns);
        header = true;
        for (const r of rows) text += csvLine(r);
        await write(text);
      }, limits));
    if (!header) await write(csvLine(columns));
    return rows;
  },
};

/**
 * An ad platform's customer list of the segment (contract §12), the file `actionlake audience
 * --format F` writes for the same persons: audienceFile, chunk by chunk, its header once. Persons
 * without a matchable identifier or with consent denied are left out of the file as there (the
 * command's summary line counts them; a download has no line to print them on).
 */
const audience = (format: AudienceFormat, label: string): SegmentDownload => ({
  format,
  label,
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8',
  async write(ctx, where, write, limits) {
    let started = false;
    const { rows } = await explained(ctx, () =>
      ctx.reader.stream(audienceSelect(segmentCondition(where)), segmentValues(ctx), async (rows, columns) => {
        const persons = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])) as unknown as AudiencePerson);
        const { csv: text } = audienceFile(persons, format);
        await write(started ? text.slice(text.indexOf('\n') + 1) : text);
        started = true;
      }, limits));
    if (!started) await write(audienceFile([], format).csv);
    return rows;
  },
});

export const SEGMENT_DOWNLOADS: readonly SegmentDownload[] = [
  csv,
  ...AUDIENCE_FORMATS.map((f) => audience(f, f === 'google-customer-match' ? 'Google Customer Match' : 'Meta custom audience')),
];
