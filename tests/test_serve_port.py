"""`newsgraph serve` on a port already taken: one line and exit 2, nothing served; `make
demo PORT=…` / `make serve PORT=…` choose the port (issue #18)."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def taken_port() -> Iterator[int]:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield int(server.getsockname()[1])


def test_a_taken_port_is_one_line_and_exit_2(
    tmp_path: Path, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    db = str(tmp_path / "s.sqlite")
    with Store.open(db):
        pass
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("served on a taken port"))
    result = CliRunner().invoke(main, ["serve", "--db", db, "--port", str(taken_port)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: port {taken_port} on 127.0.0.1 is taken: choose another with --port N "
        "(make demo PORT=N)\n"
    )


def test_a_free_port_is_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    db = str(tmp_path / "s.sqlite")
    with Store.open(db):
        pass
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    served: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(kwargs["port"]))
    result = CliRunner().invoke(main, ["serve", "--db", db, "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert served == [port] and f"http://127.0.0.1:{port}/" in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["demo", "serve"])
def test_make_demo_and_serve_take_a_port(target: str) -> None:
    dry_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", target, "PORT=9137"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    served = [line for line in dry_run.stdout.splitlines() if " serve " in line]
    assert served and served[-1].endswith("--port 9137")
