"""`plansite import FILE`: draft a plan YAML (schema/README.md) from a published text.

Reads plain text (UTF-8, or a legacy Vietnamese encoding: decoding.py), .docx (python-docx) and
text-layer .pdf (pypdf) within bounds (readers.py, input_limits.py). A decision that wraps the plan, the
letterhead and a saved web page's header are told apart (head.py, decision.py); assignments printed as
an annex table become agency blocks (annex.py). The draft has every section, item and bullet
(paragraphs.py); the implementation section split into agency blocks, names resolved through the registry's aliases (agencies.py);
tasks with roles and suggested themes, and the metadata (metadata.py: title, period, kind, legal
bases, proposal, signer, lead agency, reporting deadlines and recipient, distribution list).
Extraction damage is repaired (generator/authoring/repair.py) and every repair listed in `repairs`.
Whatever the importer is unsure of carries a `# REVIEW: ...` comment (draft.py; the shapes of a wrong
block or task: smells.py); it never guesses silently.
"""
from .agencies import Agencies
from .draft import Parsed, draft, import_file, indicators, parse, suggest_themes
from .paragraphs import build_paragraphs
from .readers import Source, docx_text, pdf_text, read_document, read_source

__all__ = ["Agencies", "Parsed", "Source", "build_paragraphs", "docx_text", "draft", "import_file", "indicators", "parse",
           "pdf_text", "read_document", "read_source", "suggest_themes"]
