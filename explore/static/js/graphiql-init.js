// Starts GraphiQL on the page's own endpoint, with the README's example operations.
// A file rather than an inline script, so a Content-Security-Policy of script-src 'self' holds.
(function () {
  const examples = JSON.parse(document.getElementById("flowback-examples").textContent);
  const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: examples,
      defaultHeaders: JSON.stringify({ Authorization: "Bearer <token from login>" }, null, 2),
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false, // tokens stay out of the browser's storage
      defaultEditorToolsVisibility: "headers",
    }),
  );
})();
