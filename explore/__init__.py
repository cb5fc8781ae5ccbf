"""Exploring the API in a browser, offline: GraphiQL and Swagger UI from vendored files."""
