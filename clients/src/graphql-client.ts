// A small GraphQL client of the service, written against the types graphql-codegen's client
// preset generates from schema.graphql and operations/: `tsc --noEmit` fails when the schema
// drops or retypes anything these operations and this program rely on.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import {
  LoginDocument,
  MeDocument,
  RegisterDocument,
  RevokeSessionDocument,
  SessionsDocument,
  UpdateUserDocument,
  UsersConnectionDocument,
  UsersDocument,
  VerifyRegistrationDocument,
  type ErrorCode,
  type UsersConnectionQuery,
} from "../generated/graphql/graphql.js";

const ENDPOINT = "http://127.0.0.1:8000/graphql";

interface Answer<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One operation over fetch: JSON, or a multipart request when a variable holds a file. */
async function execute<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  token?: string,
  files: Record<string, Blob> = {},
): Promise<Data> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const operation = JSON.stringify({ query: print(document), variables });
  let body: BodyInit = operation;
  if (Object.keys(files).length > 0) {
    const form = new FormData();
    form.append("operations", operation);
    form.append("map", JSON.stringify(Object.fromEntries(Object.keys(files).map((path, i) => [String(i), [path]]))));
    Object.values(files).forEach((file, i) => form.append(String(i), file));
    body = form;
  } else {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(ENDPOINT, { method: "POST", headers, body });
  const answer = (await response.json()) as Answer<Data>;
  if (!answer.data) throw new Error(answer.errors?.[0]?.extensions?.code ?? "no data");
  return answer.data;
}

function explain(errors: readonly { field: string | null; code: ErrorCode; message: string }[]): string {
  return errors.map((error) => `${error.field ?? "request"}: ${error.code} (${error.message})`).join("; ");
}

export async function signUp(username: string, email: string, code: () => Promise<string>, password: string): Promise<string> {
  const registered = await execute(RegisterDocument, { username, email });
  if (!registered.register.ok) throw new Error(explain(registered.register.errors));
  const verified = await execute(VerifyRegistrationDocument, { verificationCode: await code(), password });
  const id: number | undefined = verified.verifyRegistration.user?.id;
  if (id === undefined) throw new Error(explain(verified.verifyRegistration.errors));
  const login = await execute(LoginDocument, { username, password });
  const token: string | null = login.login.token;
  if (token === null) throw new Error(explain(login.login.errors));
  return token;
}

export async function profile(token: string): Promise<string> {
  const { me } = await execute(MeDocument, {}, token);
  if (me === null) return "signed out";
  // Non-null on one's own record: no `?? ""` needed.
  const address: string = me.email.toLowerCase();
  const theme: "dark" | "light" = me.darkTheme ? "dark" : "light";
  const settings: unknown = me.settings;
  return `${me.username} <${address}> #${me.id.toFixed(0)} ${theme} ${JSON.stringify(settings)}`;
}

export async function everyone(token: string): Promise<string[]> {
  const page = await execute(UsersDocument, { page: 1, limit: 50, usernameContains: null }, token);
  const names = page.users.data.map((user) => user.username);
  let after: string | null = null;
  for (;;) {
    const answer: UsersConnectionQuery = await execute(UsersConnectionDocument, { first: 50, after }, token);
    const connection = answer.usersConnection;
    names.push(...connection.edges.map((edge) => `${edge.node.username}@${edge.cursor}`));
    const total: number = connection.totalCount;
    if (!connection.pageInfo.hasNextPage || total === names.length) break;
    after = connection.pageInfo.endCursor ?? null;
  }
  return names;
}

export async function changeProfile(token: string, picture: Blob): Promise<string | null> {
  const input = { bio: "Builds things.", settings: { lang: "sv" }, profileImage: null };
  const answer = await execute(UpdateUserDocument, { input }, token, { "variables.input.profileImage": picture });
  const errors = answer.updateUser.errors;
  if (errors.length > 0) throw new Error(explain(errors));
  return answer.updateUser.user?.profileImage ?? null;
}

export async function endOtherSessions(token: string): Promise<number> {
  const { sessions } = await execute(SessionsDocument, {}, token);
  const others = sessions.filter((session) => !session.current);
  for (const session of others) {
    const since: Date = new Date(session.lastUsedAt ?? session.createdAt);
    const answer = await execute(RevokeSessionDocument, { id: session.id }, token);
    if (!answer.revokeSession.ok) throw new Error(`${since.toISOString()}: ${explain(answer.revokeSession.errors)}`);
  }
  return others.length;
}
