"""The options every ``newsgraph train …`` command shares (gold directories, output,
grouped cross-validation, parse cache, JSON)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def gold_training_options(*, what: str) -> Callable[[F], F]:
    """GOLD_DIRS, --out, --cv, --score, --cache and --json; ``what`` names the file --out
    writes (the weights, the model)."""
    decorators = [
        click.argument("gold_dirs", nargs=-1, required=True,
                       type=click.Path(exists=True, file_okay=False, path_type=Path)),
        click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help=f"Where to write {what} (default: the model shipped in the package)."),
        click.option("--cv", "folds", type=click.IntRange(2, 100), default=None,
                     help="Report grouped k-fold cross-validation by article instead of training."),
        click.option("--score", "score_dirs", multiple=True,
                     type=click.Path(exists=True, file_okay=False, path_type=Path),
                     help="With --cv: score only the articles of this directory (repeatable); "
                          "every directory is still used for training."),
        click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Keep the parses here (re-runs skip parsing)."),
        click.option("--json", "as_json", is_flag=True, help="Print the cross-validation as JSON."),
    ]

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply
