"""Reading inputs (text, HTML, JSONL/CSV corpora, directories) into :class:`SourceDocument`."""

from newsgraph.ingest.document import Failure, SourceDocument

__all__ = ["Failure", "SourceDocument"]
