"""The HTML of GraphiQL (``GET /graphql``) and the REST docs (``GET /docs``), developer pages.

Every script and stylesheet comes from ``/static/vendor`` (see its ``VERSIONS.md``): the pages
load nothing from another host, so they work where there is no internet access.
"""

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
STATIC_URL = "/static"
OPENAPI_URL = "/openapi.json"
EXAMPLES = HERE / "examples.graphql"


@cache
def _template(name: str) -> str:
    return (HERE / "templates" / name).read_text(encoding="utf-8")


def example_operations() -> str:
    """GraphiQL's starting document, which the docs' GraphQL page shows too."""
    return EXAMPLES.read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    # Inside <script>, "</" would end the element early.
    return json.dumps(value).replace("</", "<\\/")


def graphiql_html() -> str:
    return _template("graphiql.html").format(
        static=STATIC_URL, examples=_script_json(example_operations())
    )


def docs_html() -> str:
    return _template("docs.html").format(static=STATIC_URL, openapi_url=OPENAPI_URL)


async def docs_page(request: Request) -> HTMLResponse:
    return HTMLResponse(docs_html())


def routes(*, docs: bool, graphiql: bool) -> list[BaseRoute]:
    """``/docs`` when ``docs``, and the pages' files under ``/static`` when either page is
    served (GraphiQL itself is ``schema.endpoint``'s, the OpenAPI document ``rest_facade``'s)."""
    served: list[BaseRoute] = []
    if docs:
        served.append(Route("/docs", docs_page, methods=["GET"]))
    if docs or graphiql:
        served.append(Mount(STATIC_URL, StaticFiles(directory=HERE / "static"), name="static"))
    return served
