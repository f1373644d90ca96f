"""Reading inputs (text, HTML, JSONL/CSV corpora, directories) into :class:`SourceDocument`."""

from newsgraph.ingest.document import Failure, SourceDocument
from newsgraph.ingest.records import RecordFields
from newsgraph.ingest.sources import iter_documents, read_path

__all__ = ["Failure", "RecordFields", "SourceDocument", "iter_documents", "read_path"]
