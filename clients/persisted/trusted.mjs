// Apollo Client sending trusted documents by the ids of a persisted-query manifest
// (@apollo/persisted-query-lists), as a client built with @apollo/generate-persisted-query-manifest
// does. `node persisted/trusted.mjs <graphql url> <token> <manifest>`: prints one JSON line,
// the requests the link made (method, whether the text was sent) and the data of `Me`.
import { readFile } from "node:fs/promises";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { generatePersistedQueryIdsFromManifest } from "@apollo/persisted-query-lists";

const [url, token, manifestPath] = process.argv.slice(2);
const manifest = JSON.parse(await readFile(manifestPath, "utf8"));

const requests = [];
const recordingFetch = async (input, init) => {
  const request = new Request(input, init);
  const sent = await request.clone().json();
  requests.push({ method: request.method, text: typeof sent.query === "string" });
  return fetch(request);
};

const client = new ApolloClient({
  link: new PersistedQueryLink(
    generatePersistedQueryIdsFromManifest({ loadManifest: async () => manifest }),
  ).concat(
    new HttpLink({
      uri: url,
      fetch: recordingFetch,
      headers: { authorization: `Bearer ${token}` },
    }),
  ),
  cache: new InMemoryCache(),
});

const { data, error } = await client.query({
  query: gql`
    query Me {
      me {
        username
      }
    }
  `,
});
console.log(JSON.stringify({ requests, data, error: error?.message ?? null }));
