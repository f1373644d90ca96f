"""``newsgraph serve``: the REST API and web UI over a store (wired into the CLI group by
``main.add_command(serve)`` in newsgraph/cli.py)."""

from __future__ import annotations

import click


@click.command()
@click.option("--db", default=None, help="Store: a SQLite file or database URL (default $NEWSGRAPH_DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--local-token", is_flag=True,
              help="Without NEWSGRAPH_API_TOKEN, enable writes with a random token for this run, "
                   "printed at start-up (what `make demo` does).")
def serve(db: str | None, host: str, port: int, local_token: bool) -> None:
    """Serve the web UI and the REST API (http://HOST:PORT/, API under /api).

    Writes (ingest, corrections) need NEWSGRAPH_API_TOKEN, or --local-token; reads are open
    unless NEWSGRAPH_API_PROTECT_READS=true.  See docs/api.md and docs/web.md.
    """
    import dataclasses
    import secrets

    import uvicorn

    from newsgraph.api import create_app
    from newsgraph.api.settings import ApiSettings
    from newsgraph.config import get_settings
    from newsgraph.store.engine import check_store_exists
    from newsgraph.web.pages import vendor_ready

    check_store_exists(db or get_settings().default_db)  # serving a mistyped path: no empty store
    settings = ApiSettings()
    if settings.token is None and local_token:
        settings = dataclasses.replace(settings, token=secrets.token_urlsafe(24))
        click.echo(
            f"writes enabled for this run: API token {settings.token} "
            "(type it into the correction forms; set NEWSGRAPH_API_TOKEN to choose one)",
            err=True,
        )
    elif settings.token is None:
        click.echo(
            "writes disabled (corrections, ingest): set NEWSGRAPH_API_TOKEN, or serve with --local-token",
            err=True,
        )
    app = create_app(db=db or get_settings().default_db, settings=settings)
    if not vendor_ready():
        click.echo("warning: front-end libraries missing (run web/build.sh): no graph or charts", err=True)
    address = f"http://{host}:{port}/"
    click.echo(f"newsgraph serving {address} (API: {address}api/openapi.json)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
