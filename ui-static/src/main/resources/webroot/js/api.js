// The REST API with the signed-in token. Errors come back as problem+json; they are thrown as ApiError.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let token = null;
let onUnauthorized = () => {};

export function setToken(next) {
  token = next;
}

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function api(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 401 && path !== '/api/v1/auth/exchange') onUnauthorized();
  const type = res.headers.get('Content-Type') || '';
  const data = res.status === 204 ? null : type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body, headers) => api('POST', path, body, headers);
export const patch = (path, body) => api('PATCH', path, body);
