// api.js — the workspace's only way to the server.
//
// Same origin, the session cookie (HttpOnly, SameSite=Strict) goes by
// itself; state-changing requests send the session's CSRF token in
// X-CSRF-Token. Errors are RFC 9457 problem details, thrown as ApiError.
// Streams (Server-Sent Events over a POST) are read with fetch: EventSource
// cannot POST or send headers.

let csrf = null;
export function setCsrf(t) { csrf = t; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : 'HTTP ' + status);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : null;
  }
}

// Called on 401 (session ended: idle timeout, sign-out elsewhere).
let onUnauthorized = () => {};
export function whenUnauthorized(fn) { onUnauthorized = fn; }

function options(method, body, headers) {
  const o = {method, headers: {...headers}, credentials: 'same-origin'};
  if (body !== undefined) {
    o.headers['Content-Type'] = 'application/json';
    o.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf) o.headers['X-CSRF-Token'] = csrf;
  return o;
}

async function failed(r, path) {
  let p = null;
  try { p = await r.json(); } catch (e) { /* not JSON */ }
  if (r.status === 401 && path !== '/api/v1/login') onUnauthorized();
  return new ApiError(r.status, p);
}

// GETs started before the screen that needs them is loaded (a chart
// requested with the session, not after it): used once, then forgotten.
const early = new Map();
export function prefetch(path) {
  early.set(path, fetch(path, options('GET', undefined, {})));
}

export async function api(path, {method = 'GET', body, headers = {}} = {}) {
  const pending = method === 'GET' && early.get(path);
  early.delete(path);
  const r = await (pending || fetch(path, options(method, body, headers)));
  if (!r.ok) throw await failed(r, path);
  const type = r.headers.get('Content-Type') || '';
  return type.includes('json') && !type.includes('ndjson') ? r.json() : r.text();
}

// POSTs body and yields each Server-Sent Event as {event, data} (data
// parsed as JSON when it is; "[DONE]" as is). Comments are skipped.
export async function* sse(path, body, headers = {}) {
  const r = await fetch(path, options('POST', body, {Accept: 'text/event-stream', ...headers}));
  if (!r.ok) throw await failed(r, path);
  const reader = r.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buf += dec.decode(value, {stream: true});
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let event = 'message', data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (!data) continue;
      let v = data;
      try { v = JSON.parse(data); } catch (e) { /* [DONE] */ }
      yield {event, data: v};
    }
  }
}

// A task run as a stream: resolves with the one "result" event's JSON.
export async function task(path, body) {
  for await (const ev of sse(path, {...body, stream: true})) {
    if (ev.event === 'result') return ev.data;
    if (ev.event === 'error') throw new ApiError(ev.data.status || 500, ev.data);
  }
  throw new ApiError(502, {detail: 'The task ended without an answer.'});
}

// The patients in scope, fetched once per sign-in (names for the review queue).
let patientsCache = null;
export function patients(refresh = false) {
  if (!patientsCache || refresh) patientsCache = api('/api/v1/patients').catch(e => { patientsCache = null; throw e; });
  return patientsCache;
}
export function forget() { patientsCache = null; csrf = null; }
