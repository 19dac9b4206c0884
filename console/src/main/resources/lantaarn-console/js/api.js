// The gateway's API. The token lives in sessionStorage (no cookies, so no CSRF) and goes in the Authorization header.
const KEY = 'lantaarn.token';
/** Where the gateway's API lives; every path below is relative to it. */
export const BASE = '/api/v1';

export function token() { return sessionStorage.getItem(KEY) || ''; }
export function setToken(t) { t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY); }

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  if (token()) h.Authorization = 'Bearer ' + token();
  return h;
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function get(path) {
  const r = await fetch(BASE + path, { headers: headers() });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, body.error || body.detail || r.statusText);
  return body;
}

export async function put(path, bytes) {
  const r = await fetch(BASE + path, { method: 'PUT', headers: headers({ 'Content-Type': 'application/json' }), body: bytes });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, body.error || body.detail || r.statusText);
  return body;
}

/**
 * Server-sent events read with fetch (EventSource cannot send the Authorization header). Calls onEvent(name, data)
 * per event and reconnects after a pause when the stream ends. Returns a function that stops it.
 */
export function events(path, onEvent, onTrouble) {
  let stopped = false;
  let controller;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const r = await fetch(BASE + path, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!r.ok) throw new ApiError(r.status, 'events: HTTP ' + r.status);
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let name = 'message';
            const data = [];
            for (const line of chunk.split('\n')) {
              if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length) onEvent(name, data.join('\n'));
          }
        }
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
        onTrouble(e);
      }
      await new Promise(res => setTimeout(res, 2000));
    }
  }
  run();
  return () => { stopped = true; controller?.abort(); };
}
