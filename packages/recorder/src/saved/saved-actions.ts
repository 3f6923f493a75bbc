/**
 * The site's saved actions as the recorder knows them: the list and its version (the collector's
 * optimistic lock, sent back as If-Match), loaded, saved and deleted through the collector's API
 * (contract §3). A save under a new id deletes the old one, which would otherwise keep matching
 * first. Every list the recorder holds is handed to the sdk.js of this tab (`actionlake._actions`):
 * the marketer's next click here already produces the action just saved, with no reload.
 */
import type { ActionDefinition } from '@actionlake/sdk';
import type { ActionsApi, ApiFailure } from '../api/client';

type TabSdk = { actionlake?: { _actions?: (defs: ActionDefinition[]) => void } };

/** What a save came to: the message for the marketer, and the failure that stopped it, if any. */
export interface SaveOutcome {
  ok: boolean;
  message: string;
  failure?: ApiFailure;
}

export class SavedActions {
  defs: ActionDefinition[] = [];
  private version: string | null = null;

  constructor(private readonly api: ActionsApi) {}

  ids(): string[] {
    return this.defs.map((d) => d.id);
  }

  /** The list as the collector has it now; the failure, or null. */
  async reload(): Promise<ApiFailure | null> {
    const res = await this.api.list();
    if (!res.ok) return res;
    this.version = res.body.version || null;
    this.use(res.body.actions || []);
    return null;
  }

  /** Saves `def` (in place of the saved `original` id when it was renamed). */
  async save(def: ActionDefinition, original?: string): Promise<SaveOutcome> {
    const res = await this.api.save(def, this.version);
    if (!res.ok) return { ok: false, message: res.message, failure: res };
    this.version = res.body.version;
    this.use([...this.defs.filter((d) => d.id !== def.id), res.body.action || def]);
    const done = `Saved “${def.name}” (${def.id}). It applies in this tab now, and to visitors from their next page load.`;
    if (!original || original === def.id) return { ok: true, message: done };
    // a rename: the old id would keep matching first, so it goes (If-Match: the version of this save)
    const del = await this.api.remove(original, this.version);
    if (!del.ok) return { ok: false, message: `${done} The old id “${original}” could not be deleted, so it still matches first: ${del.message}` };
    this.version = del.body.version;
    this.use(this.defs.filter((d) => d.id !== original));
    return { ok: true, message: `${done} Renamed from “${original}”: the old id was deleted.` };
  }

  /** Deletes `def`; the failure, or null. */
  async remove(def: ActionDefinition): Promise<ApiFailure | null> {
    const res = await this.api.remove(def.id, this.version);
    if (!res.ok) return res;
    this.version = res.body.version;
    this.use(this.defs.filter((d) => d.id !== def.id));
    return null;
  }

  private use(defs: ActionDefinition[]): void {
    this.defs = defs;
    const sdk = (window as TabSdk).actionlake;
    try {
      if (sdk && typeof sdk._actions === 'function') sdk._actions(defs);
    } catch {
      // an sdk.js that does not track here, or older than the method: the next page load applies them
    }
  }
}
