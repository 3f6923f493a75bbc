/**
 * What the import tests share: a lake folder with a SOURCES_FILE beside it (an `import` source per
 * format, and a Stripe source to name a wrong kind), `actionlake import` run in-process, and the
 * raw rows an import wrote, read back from the lake's objects.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { cli, tempDir, type CliResult } from './lake';

export const IMPORT_SOURCES = [
  { id: 'ads', kind: 'import', site: 'shop' },
  { id: 'crm', kind: 'import', site: 'shop' },
  { id: 'billing', kind: 'import', site: 'shop' },
  { id: 'pay', kind: 'stripe', site: 'shop', secret: 'whsec_import_tests' },
];

export interface ImportLake {
  root: string;
  lake: string;
  sources: string;
  /** writes `text` to a file of the temp folder and returns its path */
  file(name: string, text: string): string;
  /** `actionlake import FILE --source ID --format F --lake … --sources …` + extra args */
  import(file: string, source: string, format: string, ...extra: string[]): Promise<CliResult>;
  /** the rows of every object an import wrote (collector_id import_*), by event_id order */
  rows(): Record<string, any>[];
  /** the keys of every raw object */
  objects(): string[];
  remove(): void;
}

export function importLake(name: string, lakeDir?: string): ImportLake {
  const root = tempDir(name);
  const lake = lakeDir ?? path.join(root, 'lake');
  fs.mkdirSync(lake, { recursive: true });
  const sources = path.join(root, 'sources.json');
  fs.writeFileSync(sources, JSON.stringify(IMPORT_SOURCES));
  const objects = () => {
    const dir = path.join(lake, 'events');
    if (!fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ndjson.gz')).map((f) => `events/${f.split(path.sep).join('/')}`).sort();
  };
  return {
    root, lake, sources,
    file(fileName, text) {
      const f = path.join(root, fileName);
      fs.writeFileSync(f, text);
      return f;
    },
    import: (file, source, format, ...extra) => cli(['import', file, '--source', source, '--format', format, '--lake', lake, '--sources', sources, ...extra]),
    rows: () => objects()
      .filter((k) => /\/import_[^/]+\.ndjson\.gz$/.test(k))
      .flatMap((k) => zlib.gunzipSync(fs.readFileSync(path.join(lake, k))).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
      .sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : a.event_id < b.event_id ? -1 : 1)),
    objects,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
