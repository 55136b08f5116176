"""`plansite import FILE`: draft a plan YAML (schema/README.md) from a published text.

Reads plain text, .docx (python-docx) and text-layer .pdf (pypdf) within bounds (readers.py,
input_limits.py). The draft has every section, item and bullet (paragraphs.py); the implementation
section split into agency blocks, names resolved through the registry's aliases (agencies.py);
tasks with roles and suggested themes, and the metadata (metadata.py: title, period, kind, legal
bases, proposal, signer, lead agency, reporting deadlines and recipient, distribution list).
Extraction damage is repaired (generator/authoring/repair.py) and every repair listed in `repairs`.
Whatever the importer is unsure of carries a `# REVIEW: ...` comment (draft.py); it never guesses silently.
"""
from .agencies import Agencies
from .draft import Parsed, draft, import_file, indicators, parse, suggest_themes
from .paragraphs import build_paragraphs
from .readers import docx_text, pdf_text, read_source

__all__ = ["Agencies", "Parsed", "build_paragraphs", "docx_text", "draft", "import_file", "indicators", "parse",
           "pdf_text", "read_source", "suggest_themes"]
