// Composes subgraph SDL files into a supergraph with Apollo's composition library, as a
// gateway or router would: `node compose.mjs name=file.graphql ...` prints the supergraph
// SDL, or the composition errors on stderr with exit status 1.
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

const services = process.argv.slice(2).map((argument) => {
  const [name, file] = argument.split("=");
  return { name, url: `http://${name}.invalid/graphql`, typeDefs: parse(readFileSync(file, "utf8")) };
});
const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(`${error.extensions?.code}: ${error.message}`);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl);
