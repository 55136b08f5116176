"""Bounds on what `plansite import` reads, so that a hostile .docx, .pdf or text file is refused in one
line (`<path>: <what is wrong>`) before it costs much time or memory.

Real inputs are small: a plan's text is 20-300 KB; its .docx a few hundred KB to a few MB (unpacking to a
few MB, XML compressing 5-30:1); its PDF a few dozen pages. Every limit below leaves those far inside.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import NoReturn

MB = 1024 * 1024

TEXT_MAX_BYTES = 5 * MB  # .txt input and any extracted text (it becomes sources/*.txt); plan files have the same bound

DOCX_MAX_BYTES = 50 * MB  # the file as stored; images are already compressed, so this is mostly pictures
DOCX_MAX_UNPACKED = 50 * MB  # all members unpacked (declared sizes); python-docx/lxml cost grows with this
DOCX_MAX_MEMBERS = 1000  # Word writes 10-30 parts, plus one per picture
DOCX_MAX_RATIO = 100  # Word's XML compresses 5-30:1; 100:1 and more is filler built to expand...
DOCX_RATIO_MIN_SIZE = 1 * MB  # ...checked only for members this big, where expansion matters

PDF_MAX_BYTES = 50 * MB
PDF_MAX_PAGES = 500  # a long plan has ~50
PDF_MAX_STREAM = 10 * MB  # one decompressed stream (a dense page's content stream is ~100 KB)
PDF_MAX_UNPACKED = 200 * MB  # all decompressed streams together (pypdf keeps each one cached in memory)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .doc, and Office's password-protected .docx


class Refused(ValueError):
    """An input the importer will not read; the message is `<path>: <what is wrong>`."""


def refuse(path: Path, what: str) -> NoReturn:
    raise Refused(f"{path}: {what}")


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n} bytes"


def limit_text(n: int) -> str:
    """A limit as written in messages: '50 MB' (or bytes, for a limit lowered in a test)."""
    return f"{n // MB} MB" if n % MB == 0 else f"{n} bytes"


def reason(exc: BaseException) -> str:
    """A library's complaint as a short clause (its first line; never the exception's class name)."""
    text = (str(exc).strip().splitlines() or [""])[0].strip("'\" ")
    text = re.sub(r"\s*\(<string>, line \d+\)$", "", text)  # lxml's note on where its input came from
    return text[:120] or "unreadable structure"


def read_capped(path: Path, limit: int, kind: str) -> bytes:
    """The file's bytes; refused if empty or bigger than `limit` (read at most limit+1 bytes, whatever stat says)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            refuse(path, f"file is {_mb(size)} (limit {limit_text(limit)} for {kind}); refused before reading")
        data = f.read(limit + 1)
    if len(data) > limit:  # grew since stat
        refuse(path, f"file is over the {limit_text(limit)} limit for {kind}; refused")
    if not data:
        refuse(path, "empty file (0 bytes)")
    return data


def check_text(path: Path, text: str, kind: str) -> str:
    """Extracted text must fit where a source text fits."""
    size = len(text.encode("utf-8"))
    if size > TEXT_MAX_BYTES:
        refuse(path, f"the {kind}'s text is {_mb(size)} (limit {limit_text(TEXT_MAX_BYTES)}); refused")
    return text


def check_docx(path: Path, data: bytes) -> None:
    """Refuse a .docx whose zip would unpack to too much, before python-docx reads any of it.

    zipfile stops every member at its declared size (and checks its CRC), so the declared sizes are the
    real bound; the streaming pass below makes sure they are true, so a lying header is reported as damage
    here rather than surfacing as a python-docx error."""
    if data.startswith(_OLE_MAGIC):
        refuse(path, "not a .docx file (an old Word .doc, or a password-protected .docx); save it as .docx without a password")
    # Every member has one central-directory header; counting signatures bounds zipfile's own work.
    headers = data.count(b"PK\x01\x02")
    if headers > DOCX_MAX_MEMBERS:
        refuse(path, f".docx has {headers} members (limit {DOCX_MAX_MEMBERS}); refused before parsing")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        refuse(path, "not a .docx file (not a zip package)")
    with z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > DOCX_MAX_UNPACKED:
            refuse(path, f".docx unpacks to {_mb(total)} (limit {limit_text(DOCX_MAX_UNPACKED)}); refused before parsing")
        for i in infos:
            if i.flag_bits & 0x1:
                refuse(path, f".docx member {i.filename} is encrypted; save the document without a password")
            if i.file_size > DOCX_RATIO_MIN_SIZE and i.file_size > DOCX_MAX_RATIO * max(i.compress_size, 1):
                refuse(path, f".docx member {i.filename} is compressed {i.file_size // max(i.compress_size, 1)}:1 "
                             f"(limit {DOCX_MAX_RATIO}:1 for members over {limit_text(DOCX_RATIO_MIN_SIZE)}); refused before parsing")
        for i in infos:
            try:
                n = _unpacked_size(z, i)
            except NotImplementedError:
                refuse(path, f".docx member {i.filename} uses a compression method Word does not write; refused")
            except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, OSError, RuntimeError):
                n = -1
            if n != i.file_size:
                refuse(path, f".docx member {i.filename} is damaged (its data does not match its header); refused")


def _unpacked_size(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """What a member really unpacks to, read in chunks; the count stops past its declared size."""
    n = 0
    with z.open(info) as f:
        while chunk := f.read(256 * 1024):
            n += len(chunk)
            if n > info.file_size:
                break
    return n


@contextlib.contextmanager
def pdf_limits(path: Path):
    """While reading a PDF: pypdf's per-stream output caps lowered to PDF_MAX_STREAM, a budget of
    PDF_MAX_UNPACKED for all streams together, and pypdf's log lines and warnings kept off stderr."""
    import pypdf
    import pypdf.filters

    per_stream = {name: PDF_MAX_STREAM for name in (
        "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
        "brotli_maximum_output_length", "array_based_stream_maximum_output_length")}
    per_stream["stream_decoding_work_maximum_length"] = 3 * PDF_MAX_STREAM  # a chain of filters on one stream
    original = pypdf.filters.decode_stream_data
    spent = 0

    def over_budget():
        refuse(path, f"the PDF's compressed streams unpack to more than the {limit_text(PDF_MAX_UNPACKED)} limit; refused")

    # pypdf has no document-wide budget and caches every decoded stream, so a file of many small bombs
    # could still fill memory: count what each decode returns (pypdf looks this function up per call).
    def counted(stream):
        nonlocal spent
        data = original(stream)
        spent += len(data)
        if spent > PDF_MAX_UNPACKED:
            over_budget()
        return data

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    pypdf.filters.decode_stream_data = counted
    try:
        with warnings.catch_warnings(), pypdf.apply_configuration(**per_stream):
            warnings.simplefilter("ignore")
            yield
        if spent > PDF_MAX_UNPACKED:  # in case pypdf caught the refusal somewhere and carried on
            over_budget()
    finally:
        pypdf.filters.decode_stream_data = original
        log.setLevel(level)
