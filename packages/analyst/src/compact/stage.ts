/**
 * Loads raw objects of one day into the DuckDB table `staged` (the typed columns + dt). All of a
 * day's objects go in one INSERT; when DuckDB cannot read one, each object is loaded alone and the
 * broken ones are salvaged (salvage.ts): their readable rows are kept and the problem is reported
 * naming the object. Nothing stops the other objects or days.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lit, type Duck } from '../duck/duck';
import type { Lake, LakeObject } from '../lake/lake';
import { localFiles } from '../lake/local-copy';
import { LocalLake } from '../lake/local';
import { readJsonColumns, rawColumns, type Column } from './columns';
import { describeSalvage, salvage } from './salvage';

export const STAGED = 'staged';

export async function createStaged(duck: Duck, cols: Column[] = rawColumns()): Promise<void> {
  const defs = cols.map((c) => `"${c.name}" ${c.type}`).join(', ');
  await duck.run(`CREATE OR REPLACE TABLE ${STAGED} (${defs}, dt VARCHAR)`);
}

function readJson(files: string[], compressed: boolean): string {
  return `read_json([${files.map(lit).join(', ')}], format = 'newline_delimited', hive_partitioning = false, compression = '${compressed ? 'gzip' : 'none'}', columns = ${readJsonColumns()}, maximum_object_size = 16777216)`;
}

async function insert(duck: Duck, files: string[], dt: string, compressed = true): Promise<void> {
  await duck.run(`INSERT INTO ${STAGED} SELECT *, ${lit(dt)} FROM ${readJson(files, compressed)}`);
}

export interface StageResult {
  problems: string[];
}

export async function stageDay(duck: Duck, lake: Lake, dt: string, objects: LakeObject[], work: string): Promise<StageResult> {
  const problems: string[] = [];
  if (!objects.length) return { problems };
  const files = await localFiles(lake, objects.map((o) => o.key), work);
  try {
    try {
      await insert(duck, files, dt);
    } catch {
      for (let i = 0; i < files.length; i++) {
        try {
          await insert(duck, [files[i]], dt);
        } catch (err) {
          problems.push(await salvageOne(duck, objects[i].key, files[i], dt, work, err as Error));
        }
      }
    }
  } finally {
    if (!(lake instanceof LocalLake)) await Promise.all(files.map((f) => fs.promises.rm(f, { force: true })));
  }
  return { problems };
}

async function salvageOne(duck: Duck, key: string, file: string, dt: string, work: string, first: Error): Promise<string> {
  const out = path.join(work, `salvaged-${path.basename(file)}.ndjson`);
  try {
    const s = await salvage(file, out);
    if (!s.gzipError && !s.badLines.length) return `${key}: unreadable (${first.message.split('\n')[0]}); skipped`;
    if (s.kept > 0) {
      try {
        await insert(duck, [out], dt, false);
      } catch (err) {
        return `${key}: unreadable (${(err as Error).message.split('\n')[0]}); skipped`;
      }
    }
    return describeSalvage(key, s);
  } finally {
    await fs.promises.rm(out, { force: true });
  }
}
