// Apollo Gateway over the user service and the notes subgraph, forwarding each client's
// Authorization header to every subgraph, as a deployment in front of the service does, and
// its own credential (the service's FLOWBACK_GATEWAY_TOKEN) when given one.
// `node gateway.mjs <port> <users url> <notes url> [gateway token]`; prints "ready <url>".
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";

const [port, usersUrl, notesUrl, gatewayToken] = process.argv.slice(2);

class ForwardingAuthorization extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context.authorization) request.http.headers.set("authorization", context.authorization);
    if (gatewayToken) request.http.headers.set("flowback-gateway-token", gatewayToken);
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: "users", url: usersUrl },
      { name: "notes", url: notesUrl },
    ],
  }),
  buildService: ({ url }) => new ForwardingAuthorization({ url }),
});

const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(port) },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
console.log(`ready ${url}`);
