"""quoteattr: who said what about whom, as spaCy components."""
from .about import __version__
from .extensions import install_extensions
from .records import Quote, Record, doc_from_record, to_record, to_records

install_extensions()

__all__ = ["__version__", "Quote", "Record", "doc_from_record", "to_record", "to_records", "install_extensions"]
