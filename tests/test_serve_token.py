"""`newsgraph serve --local-token` (issue #19): `make demo` enables the correction forms
with a token printed at start-up; without a token, start-up says how to enable writes."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsgraph.cli_serve import serve
from newsgraph.store import Store


def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *arguments: str) -> tuple[Any, str]:
    import uvicorn

    db = str(tmp_path / "s.sqlite")
    with Store.open(db):
        pass
    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: apps.append(app))
    monkeypatch.delenv("NEWSGRAPH_API_TOKEN", raising=False)
    with socket.socket() as probe:  # a free port: serve checks that its port is (issue #18)
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    result = CliRunner().invoke(serve, ["--db", db, "--port", port, *arguments])
    assert result.exit_code == 0, result.output
    return apps[0], result.output


def test_local_token_is_printed_and_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, output = served(tmp_path, monkeypatch, "--local-token")
    match = re.search(r"API token (\S+)", output)
    assert match, output
    body = {"judgement": 1}
    with TestClient(app) as client:
        wrong = client.post("/api/corrections/undo", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        right = client.post(
            "/api/corrections/undo", json=body, headers={"Authorization": f"Bearer {match.group(1)}"}
        )
        assert right.status_code == 404  # past the token: no such judgement


def test_without_a_token_start_up_says_how_to_enable_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, output = served(tmp_path, monkeypatch)
    assert "writes disabled" in output and "--local-token" in output
    with TestClient(app) as client:
        headers = {"Authorization": "Bearer x"}
        refused = client.post("/api/corrections/undo", json={"judgement": 1}, headers=headers)
        assert refused.status_code == 403
