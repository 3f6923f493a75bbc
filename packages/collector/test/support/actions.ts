/** Calls to the action routes of a running collector, and the actions file of a local lake. */
import fs from 'node:fs';
import path from 'node:path';
import type { ActionDefinition } from '@actionlake/schema';

export const TOKEN = 'editor-secret-1';

export function definition(id: string, overrides: Partial<ActionDefinition> & Record<string, unknown> = {}): ActionDefinition {
  return {
    id,
    name: 'Product clicked',
    selector: '.product-card a.buy',
    url: '/products/*',
    container: '.product-card',
    product: { name: '.title', price: '.price', brand: '.brand' },
    ...overrides,
  } as ActionDefinition;
}

export interface ActionsClient {
  list(headers?: Record<string, string>): Promise<Response>;
  put(id: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  del(id: string, headers?: Record<string, string>): Promise<Response>;
  editor(headers?: Record<string, string>): Promise<Response>;
}

/** `token: null` sends no Authorization header. */
export function actionsClient(url: string, site = 'demo', token: string | null = TOKEN): ActionsClient {
  const base = `${url}/v1/sites/${site}`;
  const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return {
    list: (headers = {}) => fetch(`${base}/actions`, { headers }),
    put: (id, body, headers = {}) =>
      fetch(`${base}/actions/${id}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    del: (id, headers = {}) => fetch(`${base}/actions/${id}`, { method: 'DELETE', headers: { ...auth, ...headers } }),
    editor: (headers = {}) => fetch(`${base}/editor`, { headers: { ...auth, ...headers } }),
  };
}

export function actionsFile(lakeDir: string, site = 'demo'): string {
  return path.join(lakeDir, 'config', `site_id=${site}`, 'actions.json');
}

/** The raw bytes of the stored actions file, or null when there is none. */
export function storedBytes(lakeDir: string, site = 'demo'): Buffer | null {
  const f = actionsFile(lakeDir, site);
  return fs.existsSync(f) ? fs.readFileSync(f) : null;
}
