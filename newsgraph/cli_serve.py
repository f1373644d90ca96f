"""``newsgraph serve``: the REST API and web UI over a store (wired into the CLI group by
``main.add_command(serve)`` in newsgraph/cli.py)."""

from __future__ import annotations

import errno
import socket

import click

from newsgraph.errors import ConfigError


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
    check_port_free(host, port)  # taken: one line and exit 2, before anything else
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


def check_port_free(host: str, port: int) -> None:
    """:class:`ConfigError` when ``host:port`` cannot be listened on (taken, not allowed):
    a socket is bound there and closed, as uvicorn binds it (``SO_REUSEADDR``: a port in
    TIME_WAIT counts as free, a listening one does not)."""
    try:
        family, kind, protocol, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host!r}: {exc.strerror}") from None
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is taken: choose another with --port N (make demo PORT=N)"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges): use --port N"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
