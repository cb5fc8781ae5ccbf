// Apollo Client's persisted-queries link against the service, as a web app would use it.
// `node persisted/apq.mjs <graphql url> <token>`: runs each step with a fresh client (so nothing
// comes from Apollo's own cache) and prints one JSON line per step: the HTTP exchanges
// the link made (method, whether the text was sent, the error code answered) and the data.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";

const [url, token] = process.argv.slice(2);

const ME = gql`
  query Me {
    me {
      id
      username
    }
  }
`;
const FIRST_USERS = gql`
  query FirstUsers {
    usersConnection(first: 1) {
      totalCount
    }
  }
`;

function client(exchanges, { useGETForHashedQueries }) {
  const recordingFetch = async (input, init) => {
    const request = new Request(input, init);
    const sent = request.method === "GET" ? new URL(request.url).searchParams : await request.clone().json();
    const response = await fetch(request);
    const body = await response.clone().json();
    exchanges.push({
      method: request.method,
      text: request.method === "GET" ? sent.has("query") : typeof sent.query === "string",
      status: response.status,
      code: body.errors?.[0]?.extensions?.code ?? null,
    });
    return response;
  };
  const persisted = new PersistedQueryLink({
    sha256: (text) => createHash("sha256").update(text).digest("hex"),
    useGETForHashedQueries,
  });
  return new ApolloClient({
    link: persisted.concat(new HttpLink({
      uri: url,
      fetch: recordingFetch,
      headers: { authorization: `Bearer ${token}` },
    })),
    cache: new InMemoryCache(),
  });
}

async function step(name, query, options) {
  const exchanges = [];
  const { data, error } = await client(exchanges, options).query({ query, fetchPolicy: "no-cache" });
  console.log(JSON.stringify({ step: name, exchanges, data, error: error?.message ?? null }));
}

await step("miss then register", ME, { useGETForHashedQueries: false });
await step("hit", ME, { useGETForHashedQueries: false });
await step("hit over GET", ME, { useGETForHashedQueries: true });
await step("miss over GET then register", FIRST_USERS, { useGETForHashedQueries: true });
await step("hit over GET after", FIRST_USERS, { useGETForHashedQueries: true });
