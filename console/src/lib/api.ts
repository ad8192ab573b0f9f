/**
 * The console's only way to the API: same origin, the httpOnly session cookie, and the session's
 * CSRF token on every write. The bearer token login also returns is deliberately dropped: nothing
 * about a session is kept where page scripts or the browser's storage could leak it.
 */

export interface FieldProblem {
  in: string;
  path: string;
  code: string;
  message: string;
}

/** A refused request, with the API's own localised message (it follows Accept-Language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | undefined;
let language = "id";
const signedOutListeners = new Set<() => void>();

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function setApiLanguage(lng: string): void {
  language = lng;
}

/** Called when any request finds the session gone (expired, signed out elsewhere, deactivated). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
  /** Login answers 401 for a wrong password: that is not a lost session. */
  expectUnauthorized?: boolean;
}

export function apiUrl(path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": language };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: body ?? null,
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "");
  }
  if (response.status === 204) return null as T;
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (response.ok) return parsed as T;
  const problem = (parsed ?? {}) as { error?: string; message?: string; fields?: FieldProblem[] };
  if (response.status === 401 && !options.expectUnauthorized) {
    for (const listener of signedOutListeners) listener();
  }
  throw new ApiError(response.status, problem.error ?? `http_${response.status}`, problem.message ?? "", problem.fields ?? [], parsed);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("POST", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PATCH", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};
