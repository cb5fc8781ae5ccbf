// Small REST clients of the service in both dialects, written against the types
// openapi-typescript generates from openapi.json and openapi.flowback-backend.json, called
// through openapi-fetch: `tsc --noEmit` fails when a body, a path or an operation these
// rely on changes.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "../generated/rest/document.js";
import type { paths as BackendPaths } from "../generated/rest/flowback-backend.js";

type FieldError = components["schemas"]["FieldError"];
// Generated clients name their calls by operationId.
type ListUsersAnswer = operations["listUsers"]["responses"][200]["content"]["application/json"];
type InternalError = operations["getUser"]["responses"][500]["content"]["application/json"];

const api = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });
const backend = createClient<BackendPaths>({ baseUrl: "http://127.0.0.1:8000" });

function explain(errors: FieldError[]): string {
  return errors.map((error) => `${error.field ?? "request"}: ${error.code}`).join("; ");
}

export async function signUp(username: string, email: string, code: () => Promise<string>, password: string): Promise<string> {
  const registered = await api.POST("/register", { body: { username, email } });
  if (registered.error) throw new Error(explain(registered.error.errors));
  const verified = await api.POST("/register/verify", { body: { verification_code: await code(), password } });
  if (verified.error) throw new Error(explain(verified.error.errors));
  const id: number = verified.data.id;
  const login = await api.POST("/login", { body: { username, password } });
  if (login.error) throw new Error(`${id}: ${explain(login.error.errors)}`);
  return login.data.token;
}

export async function everyone(token: string): Promise<string[]> {
  const headers = { Authorization: `Token ${token}` };
  const page = await api.GET("/users", { params: { query: { limit: 50, page: 1 } }, headers });
  if (page.error) throw new Error(explain(page.error.errors));
  const answer: ListUsersAnswer = page.data;
  const next: string | false = answer.next;
  return [...answer.data.map((user) => `${user.id}:${user.username}`), String(next)];
}

export async function myProfile(token: string): Promise<string> {
  const headers = { Authorization: `Token ${token}` };
  const me = await api.GET("/user", { params: { query: {} }, headers });
  if (me.error) {
    const fault = me.error as FieldError[] | InternalError | { errors: FieldError[] };
    throw new Error("request_id" in fault ? fault.request_id : JSON.stringify(fault));
  }
  const changed = await api.POST("/user/update", { body: { bio: "Builds things.", user_config: '{"lang":"sv"}' }, headers });
  if (changed.error) throw new Error(explain(changed.error.errors));
  return `${me.data.username} ${me.data.email ?? ""} ${changed.data.bio ?? ""}`;
}

export async function sessions(token: string): Promise<number[]> {
  const headers = { Authorization: `Token ${token}` };
  const listed = await api.GET("/user/sessions", { headers });
  if (listed.error) throw new Error(explain(listed.error.errors));
  const others = listed.data.filter((session) => !session.current).map((session) => session.id);
  for (const id of others) await api.POST("/user/sessions/revoke", { body: { id }, headers });
  return others;
}

/** The Flowback web app's calls, in the dialect of the DRF backend it was written for. */
export async function webAppUsers(token: string): Promise<string[]> {
  const headers = { Authorization: `Token ${token}` };
  const page = await backend.GET("/users", { params: { query: { limit: 1000, offset: 0 } }, headers });
  if (page.error) throw new Error(JSON.stringify(page.error.detail));
  const next: string | null = page.data.next;
  return [...page.data.results.map((user) => `${user.username}: ${user.profile_image ?? "no image"}`), String(next)];
}
