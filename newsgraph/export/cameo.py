"""CAMEO event codes for newsgraph's PLOVER types, through the published PLOVER/CAMEO crosswalk
(``export/data/plover_cameo.tsv``, its source and choices in docs/exports.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

CROSSWALK_RESOURCE = "plover_cameo.tsv"
ANY_MODE = "-"


@dataclass(frozen=True, slots=True)
class CameoCode:
    """A CAMEO event code and what GDELT derives from it."""

    code: str  # "042"

    @property
    def base(self) -> str:
        """The three-digit level ("0231" → "023")."""
        return self.code[:3]

    @property
    def root(self) -> str:
        """The two-digit cue category ("042" → "04")."""
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        """GDELT's QuadClass: 1 verbal cooperation (01–05), 2 material cooperation (06–08),
        3 verbal conflict (09–13), 4 material conflict (14–20)."""
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def cameo_code(etype: str, mode: str | None) -> CameoCode | None:
    """The CAMEO code of an event type and mode; the type's general code for a mode the
    crosswalk does not list; None for types with no CAMEO code."""
    codes = crosswalk()
    found = codes.get((etype, mode or ANY_MODE)) or codes.get((etype, ANY_MODE))
    return CameoCode(found) if found else None


@cache
def crosswalk() -> dict[tuple[str, str], str]:
    """``(type, mode)`` → CAMEO code, ``mode`` "-" for the type's general code."""
    resource = resources.files("newsgraph.export").joinpath("data", CROSSWALK_RESOURCE)
    text = resource.read_text(encoding="utf-8")
    found: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        etype, mode, code, *_note = line.split("\t")
        if not (code.isdigit() and len(code) in (3, 4) and 1 <= int(code[:2]) <= 20):
            raise ValueError(f"{CROSSWALK_RESOURCE}: {code!r} is no CAMEO event code")
        found[(etype, mode)] = code
    return found
