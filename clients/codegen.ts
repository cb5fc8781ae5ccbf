// graphql-codegen's client preset over the committed schema.graphql and the operations a
// client of the service sends: typed documents for any GraphQL client (Apollo, urql, fetch),
// and a persisted-documents manifest (SHA-256), the trusted-documents format the service reads.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "generated/graphql/": {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          DateTime: "string",
          JSON: "unknown",
          Upload: "File | Blob",
          _Any: "unknown",
        },
      },
    },
  },
};

export default config;
