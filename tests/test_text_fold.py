"""One accent fold (newsgraph.text.fold) for every comparison, and a fold across scripts
(fold_scripts: Ł, Ø, Đ, Æ and Cyrillic to Latin) where names are matched across languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.names import name_key
from newsgraph.text import fold, fold_scripts

PACKAGE = Path(__file__).resolve().parents[1] / "newsgraph"


@pytest.mark.parametrize(("text", "folded"), [
    ("Élysée", "elysee"), ("Straße", "strasse"), ("ﬁnale", "finale"), ("ᴬBC", "abc"),
    ("Łódź", "łodz"), ("  l’Hôpital  ", "  l’hopital  "),
])
def test_fold_strips_accents_and_case_only(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("text", "folded"), [
    ("Łódź", "lodz"), ("Øresund", "oresund"), ("Đorđe", "dorde"), ("Ærø", "aero"), ("Œuvre", "oeuvre"),
    ("Владимир Путин", "vladimir putin"), ("Zoë", "zoe"), ("l’Hôpital", "l’hopital"),
])
def test_fold_scripts_brings_letters_and_scripts_to_latin(text: str, folded: str) -> None:
    assert fold_scripts(text) == folded


def test_names_match_across_scripts_and_undecomposed_letters() -> None:
    assert name_key("Владимир Путин") == name_key("Vladimir Poutine") == name_key("Vladimir Putin")
    assert name_key("Łukasz Kubot") == name_key("Lukasz Kubot")
    assert name_key("Ole Gunnar Solskjær") == name_key("Ole Gunnar Solskjaer")
    assert name_key("Emmanuel Macron") != name_key("Emmanuelle Macron")


def test_one_accent_fold_in_the_code_base() -> None:
    """NFKD-and-drop-combining-marks is written once: every other module imports it."""
    sources = {str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    writers = sorted(name for name, text in sources.items() if '"NFKD"' in text or ".combining(" in text)
    assert writers == ["text.py"]
