/**
 * The source an import writes as (contract §10): an entry of SOURCES_FILE — the same file the
 * collector reads, parsed by the same code (`parseSources` of `@actionlake/schema/node`) — of kind
 * `import`. Its id becomes `origin.source_id` and the event ids' namespace; its site is where the
 * rows land. Every way of naming a wrong source is bad usage (exit 2), before anything is read.
 */
import fs from 'node:fs';
import { parseSources, SourcesFileError, type Source } from '@actionlake/schema/node';
import { UserError } from '../ground/errors';

/** The `import` source `id` of the sources file `file` (--sources, else SOURCES_FILE). */
export function importSource(file: string | undefined, id: string): Source {
  if (!file) throw new UserError('import needs the sources file: set SOURCES_FILE (as for the collector) or pass --sources FILE', 2);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the sources file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 2);
  }
  let sources: Source[];
  try {
    sources = parseSources(text, file);
  } catch (err) {
    if (err instanceof SourcesFileError) throw new UserError(err.message, 2);
    throw err;
  }
  const source = sources.find((s) => s.id === id);
  if (!source) {
    const imports = sources.filter((s) => s.kind === 'import').map((s) => s.id);
    throw new UserError(`unknown source "${id}": ${file} declares no source with that id (import sources: ${imports.join(', ') || 'none; add {"id": "…", "kind": "import", "site": "…"}'})`, 2);
  }
  if (source.kind !== 'import') throw new UserError(`source "${id}" is of kind "${source.kind}"; import writes only as a source of kind "import" (declare one in ${file})`, 2);
  return source;
}
