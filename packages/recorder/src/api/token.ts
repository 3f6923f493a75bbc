/**
 * The editor token, kept for this tab only (sessionStorage) once the collector accepted it, so a
 * reload does not ask again. Storage may be unavailable (privacy modes): then it is not kept.
 */
export const TOKEN_KEY = 'actionlake-editor-token';

export function loadToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function keepToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* not kept: asked again after a reload */
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* nothing kept */
  }
}
