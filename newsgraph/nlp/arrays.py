"""Small helpers on the id arrays of a spaCy Doc (``Doc.to_array``)."""

from __future__ import annotations

from typing import Any

import numpy

IdArray = numpy.ndarray[Any, numpy.dtype[numpy.uint64]]
Mask = numpy.ndarray[Any, numpy.dtype[numpy.bool_]]


def is_member(values: IdArray, wanted: IdArray) -> Mask:
    """``values`` in ``wanted`` (sorted): a binary search each, faster than ``numpy.isin``
    on 64-bit hashes and on a few values."""
    if not len(wanted):
        return numpy.zeros(len(values), dtype=bool)
    places = numpy.minimum(numpy.searchsorted(wanted, values), len(wanted) - 1)
    return numpy.asarray(wanted[places] == values)
