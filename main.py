"""The application factory; ``python main.py --help`` for the command line."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route
from tortoise.contrib.starlette import RegisterTortoise

import rest_facade
from adapters.composition import Composition, compose
from adapters.database import pool_options, tortoise_config
from adapters.housekeeper import running_housekeeping
from adapters.relay import running_relay
from adapters.tracing import Tracing, from_environment
from config.settings import Settings
from domain.errors import DomainError
from explore import pages
from observability import health, logs
from observability.metrics import Metrics
from observability.tracing import current_trace_ids
from schema.endpoint import GraphQLEndpoint
from schema.persisted_documents import PersistedDocuments
from web.bearer import Endpoint, bearer_only
from web.middleware import middleware_stack, route_by_exact_path


def create_app(
    settings: Settings | None = None,
    *,
    composition: Composition | None = None,
    manage_orm: bool = True,
    tracing: Tracing | None = None,
) -> Starlette:
    """With ``manage_orm`` False the caller provides the ORM context, and no relay or
    housekeeping runs (tests deliver with ``adapters.outbox_delivery.deliver_due``); traces go
    to ``tracing``, by default where the ``OTEL_*`` variables say."""
    settings = settings or Settings()
    composition = composition or compose(settings)
    database_config = tortoise_config(settings.database_url, pool=pool_options(settings))
    tracing = tracing or from_environment()
    if tracing is not None:
        tracing.install()
        logs.trace_ids = current_trace_ids

    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            if not manage_orm:
                yield
                return
            async with (
                metrics.sharing(),
                RegisterTortoise(app, config=database_config),
                running_relay(settings=settings, mailer=composition.mailer),
                running_housekeeping(
                    settings=settings, clock=composition.clock, media=composition.rules.media
                ),
            ):
                # What startup made (the schema, prepared plans' types, the ORM's models)
                # lives as long as the process: out of the collector's generations, a full
                # collection no longer walks it, and the tail latency it caused goes.
                gc.collect()
                gc.freeze()
                yield
        finally:
            composition.limiter.close()
            composition.documents.close()
            if tracing is not None and manage_orm:
                await tracing.close()

    graphql = GraphQLEndpoint(
        composition.settings,
        composition.rules,
        stored_documents=PersistedDocuments.from_settings(
            composition.settings, composition.documents
        ),
    )
    routes = [
        *rest_facade.api_routes(composition.rules, composition.settings),
        *rest_facade.platform_routes,
        *rest_facade.media_routes(composition.rules.media),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        *pages.routes(docs=settings.docs_public, graphiql=settings.env != "production"),
        *openapi_routes(settings),
        *health.routes,
        *metrics_routes(settings, metrics),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={DomainError: rest_facade.domain_error_handler},
        middleware=middleware_stack(
            settings,
            metrics=metrics,
            probe_paths=health.PATHS,
            tracer=tracing.tracer if tracing else None,
        ),
    )
    # Paths never redirect (a redirect would be built from the request's Host); the
    # trailing-slash middleware serves /login/ as /login instead.
    app.router.redirect_slashes = False
    route_by_exact_path(app.router)
    app.state.settings = composition.settings
    app.state.rules = composition.rules
    app.state.composition = composition
    return app


def openapi_routes(settings: Settings) -> list[BaseRoute]:
    """Served with the REST docs (``FLOWBACK_DOCS``)."""
    if not settings.docs_public:
        return []
    return [Route("/openapi.json", rest_facade.openapi_endpoint, methods=["GET"])]


def metrics_routes(settings: Settings, metrics: Metrics) -> list[BaseRoute]:
    """As ``FLOWBACK_METRICS`` exposes it (none when off: 404)."""
    exposure = settings.metrics_exposure
    if exposure == "off":
        return []
    endpoint: Endpoint = metrics.endpoint
    if exposure == "token":
        assert settings.metrics_token is not None  # noqa: S101 - the settings require it
        endpoint = bearer_only(endpoint, token=settings.metrics_token.get_secret_value())
    return [Route("/metrics", endpoint, methods=["GET"])]


if __name__ == "__main__":
    from commands import cli

    cli()
