// Requests of the editor to its own server: JSON answers (`Accept: application/json`), the session
// cookie along, and errors read from Quire's `{"error": {"code", "message"}}`.
import type { ErrorReply } from '../../src/editor/wire.js';

export type Reply<T> = { ok: true; value: T } | { ok: false; status: number; message: string | null; body: unknown };

function errorMessage(body: unknown): string | null {
  const error = (body as Partial<ErrorReply> | null)?.error;
  return typeof error?.message === 'string' ? error.message : null;
}

/** The reply of a request whose status and body say how it went; a network failure throws. */
export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<Reply<T>> {
  const response = await fetch(url, {
    credentials: 'same-origin',
    ...init,
    headers: { accept: 'application/json', ...init.headers },
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body !== null) return { ok: true, value: body as T };
  return { ok: false, status: response.status, message: errorMessage(body), body };
}

/** An upload that reports its progress (fetch cannot), answered as requestJson's. */
export function uploadJson<T>(url: string, body: FormData, progress: (percent: number) => void): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) progress(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener('load', () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(request.responseText);
      } catch {
        // Not JSON: an error page from something in front of the wiki.
      }
      const ok = request.status >= 200 && request.status < 300 && parsed !== null;
      resolve(ok ? { ok: true, value: parsed as T } : { ok: false, status: request.status, message: errorMessage(parsed), body: parsed });
    });
    request.addEventListener('error', () => reject(new Error('network')));
    request.addEventListener('abort', () => reject(new Error('aborted')));
    request.send(body);
  });
}
