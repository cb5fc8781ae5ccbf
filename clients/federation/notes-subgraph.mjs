// A second subgraph written for the federation test: it extends the user service's `User`
// entity with `notes` and refers to users by id from its own `notes` query.
// `node notes-subgraph.mjs <port> <author ids, comma-separated>`; prints "ready <url>".
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

const [port, authors] = process.argv.slice(2);
const notes = authors.split(",").map((id, index) => ({ text: `note ${index + 1}`, authorId: Number(id) }));

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])

  type User @key(fields: "id") {
    id: Int!
    notes: [Note!]!
  }

  type Note {
    text: String!
    author: User!
  }

  type Query {
    notes: [Note!]!
  }
`);

const resolvers = {
  Query: { notes: () => notes },
  Note: { author: (note) => ({ __typename: "User", id: note.authorId }) },
  User: {
    __resolveReference: (user) => ({ id: user.id }),
    notes: (user) => notes.filter((note) => note.authorId === user.id),
  },
};

const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: Number(port) } });
console.log(`ready ${url}`);
