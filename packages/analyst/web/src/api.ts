/**
 * The web app's only way to the data: GET /api/<view>?… with `Authorization: Bearer <token>`.
 * The token is kept in sessionStorage (this tab, until it closes; never in a URL or a cookie). A
 * 401 forgets it and asks again (the login view). Answers are cached per URL while the page stays
 * open, so going back to a view or a range already seen is instant.
 */
const KEY = 'actionlake-dashboard-token';

export class Unauthorized extends Error {}

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export const token = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (t: string) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

const cache = new Map<string, Promise<unknown>>();

function authorization(): Record<string, string> {
  const t = token.get();
  if (!t) throw new Unauthorized('sign in');
  return { authorization: `Bearer ${t}` };
}

async function checked(res: Response): Promise<Response> {
  if (res.status === 401) {
    token.clear();
    cache.clear();
    throw new Unauthorized('wrong token');
  }
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError((body as { error?: string }).error ?? `${res.status} ${res.statusText}`, res.status);
  }
  return res;
}

/** The JSON of /api/<path> with these parameters (repeated keys for arrays; empty values left out). */
export function get<T>(path: string, params: Record<string, string | string[] | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const x of v) q.append(k, x);
    else if (v !== undefined && v !== '') q.set(k, v);
  }
  const url = `/api/${path}?${q.toString()}`;
  let p = cache.get(url);
  if (!p) {
    p = (async () => (await checked(await fetch(url, { headers: authorization() }))).json())();
    cache.set(url, p);
    p.catch(() => cache.delete(url));
  }
  return p as Promise<T>;
}

/** Downloads /api/<path> as a file (the token goes in a header, so the browser's own download cannot be used). */
export async function download(path: string, params: Record<string, string>, fallbackName: string): Promise<void> {
  const res = await checked(await fetch(`/api/${path}?${new URLSearchParams(params).toString()}`, { headers: authorization() }));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Reads the Server-Sent Events of /api/<path> (the live view) with fetch, so the token travels in a
 * header; calls `onEvent` for each event until `signal` aborts.
 */
export async function events(path: string, params: Record<string, string>, onEvent: (type: string, data: string) => void, signal: AbortSignal): Promise<void> {
  const res = await checked(await fetch(`/api/${path}?${new URLSearchParams(params).toString()}`, { headers: authorization(), signal }));
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(type, data.join('\n'));
    }
  }
}
