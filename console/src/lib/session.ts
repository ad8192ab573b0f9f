import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, setCsrfToken } from "./api.ts";
import type { Me, StaffRole } from "./api-types.ts";

export interface SessionState {
  me: Me;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The signed-in staff member; pages below the login gate can rely on it. */
export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the signed-in console");
  return session;
}

export function hasRole(me: Me, ...roles: StaffRole[]): boolean {
  return roles.includes(me.role);
}

/** Who is signed in, from the cookie alone (after a reload); null when nobody is. */
export async function loadMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>("/v1/auth/me", { expectUnauthorized: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof Error && "status" in error && (error as { status: number }).status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<Me> {
  // The response's bearer token is not kept: the httpOnly cookie set with it is the console's session,
  // and /v1/auth/me, read through that cookie, gives the rest (the unit and its time zone).
  const result = await api.post<{ csrfToken: string }>("/v1/auth/login", { email, password }, { expectUnauthorized: true });
  setCsrfToken(result.csrfToken);
  const me = await loadMe();
  if (!me) throw new Error("signed in, but the session cookie was not kept");
  return me;
}

export async function signOutNow(): Promise<void> {
  try {
    await api.post<null>("/v1/auth/logout");
  } finally {
    setCsrfToken(undefined);
  }
}
