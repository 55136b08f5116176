"""`plansite import` on hostile or broken input (generator/authoring/importer/input_limits.py): refused in one line
`plansite: error: <path>: <what is wrong>`, exit 1, no traceback, before the expensive part.

Every hostile file is built in tmp_path at test time; big ones are sparse or highly compressible."""
from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.authoring.importer import input_limits as lim
from generator.authoring.importer import read_source

from conftest import CONTENT, ROOT
from import_layouts import make_pdf, wrap
from test_import import MINI, make_docx, run_cli

MB = 1024 * 1024


def assert_refused(path: Path, what: str) -> None:
    """Run `plansite import PATH`; it must fail with exactly this one line. (How long a refusal takes is
    a speed goal: the messages say what was not done, "refused before reading/parsing".)"""
    r = run_cli("import", str(path))
    assert "Traceback" not in r.stderr + r.stdout
    assert r.stdout == ""
    assert r.stderr == f"plansite: error: {path}: {what}\n"
    assert r.returncode == 1


def real_docx_members() -> dict:
    """The parts of a blank python-docx document, to build damaged variants from."""
    import docx
    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


# ---------------------------------------------------------------------------------------------
# Sizes: files too big, or empty
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix, size_mb, limit", [(".txt", 6, "5 MB for text input"), (".docx", 51, "50 MB for .docx"),
                                                    (".pdf", 51, "50 MB for .pdf")])
def test_oversized_file_refused_before_reading(tmp_path, suffix, size_mb, limit):
    path = tmp_path / f"big{suffix}"
    with open(path, "wb") as f:
        f.truncate(size_mb * MB)  # sparse: costs no disk
    assert_refused(path, f"file is {size_mb}.0 MB (limit {limit}); refused before reading")


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_zero_byte_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert_refused(path, "empty file (0 bytes)")


# ---------------------------------------------------------------------------------------------
# .docx: zip bombs and damaged packages
# ---------------------------------------------------------------------------------------------

def test_docx_zip_bomb_refused_before_decompressing(tmp_path):
    """~60 KB on disk, 60 MB of XML unpacked: refused from the zip's directory, in well under the time a parse takes."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", real_docx_members()["[Content_Types].xml"])
        with z.open("word/document.xml", "w") as f:
            chunk = b"<w:p><w:r><w:t>aaaa</w:t></w:r></w:p>" * 1024
            for _ in range(60 * MB // len(chunk)):
                f.write(chunk)
            f.write(b"\0" * (60 * MB % len(chunk)))
    assert path.stat().st_size < MB
    assert_refused(path, ".docx unpacks to 60.0 MB (limit 50 MB); refused before parsing")


def test_docx_member_compression_ratio(tmp_path):
    path = write_zip(tmp_path / "ratio.docx", {**real_docx_members(), "word/document.xml": b" " * (5 * MB)})
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    ratio = info.file_size // info.compress_size
    assert_refused(path, f".docx member word/document.xml is compressed {ratio}:1 (limit 100:1 for members over 1 MB); "
                         "refused before parsing")


def test_docx_too_many_members(tmp_path):
    members = {**real_docx_members(), **{f"word/media/x{i}.bin": b"" for i in range(1001)}}
    path = write_zip(tmp_path / "many.docx", members)
    assert_refused(path, f".docx has {len(members)} members (limit 1000); refused before parsing")


def test_docx_declared_size_lies(tmp_path):
    """The directory says document.xml is 1,000 bytes; it unpacks to 3 MB. Caught on a capped streaming read."""
    members = real_docx_members()
    members["word/document.xml"] = b"<w:document>" + b" " * (3 * MB) + b"</w:document>"
    data = bytearray(write_zip(tmp_path / "x.zip", members).read_bytes())
    name = b"word/document.xml"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    data[info.header_offset + 22:info.header_offset + 26] = (1000).to_bytes(4, "little")  # local header size
    at = data.find(b"PK\x01\x02", 0)
    while data[at + 46:at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 1)
    data[at + 24:at + 28] = (1000).to_bytes(4, "little")  # central directory size
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    assert_refused(path, ".docx member word/document.xml is damaged (its data does not match its header); refused")


def _text_file(path):
    path.write_text("Đây là một tệp văn bản, không phải .docx\n", encoding="utf-8")


def _old_doc(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)  # OLE: a .doc or an encrypted .docx


def _no_document_xml(path):
    write_zip(path, {k: v for k, v in real_docx_members().items() if k != "word/document.xml"})


def _not_office_zip(path):
    write_zip(path, {"readme.txt": b"a zip, but no Office package"})


def _malformed_xml(path):
    write_zip(path, {**real_docx_members(), "word/document.xml": b"<w:document><w:body>"})


def _spreadsheet(path):
    members = real_docx_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml")
    write_zip(path, members)


def _corrupt_member(path):
    members = real_docx_members()
    data = bytearray(write_zip(path, members).read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10] ^= 0xFF  # one flipped byte inside the compressed XML
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("build, what", [
    (_text_file, "not a .docx file (not a zip package)"),
    (_old_doc, "not a .docx file (an old Word .doc, or a password-protected .docx); save it as .docx without a password"),
    (_no_document_xml, "not a Word document (the package has no word/document.xml)"),
    (_not_office_zip, "not a Word document (the package has no [Content_Types].xml)"),
    (_spreadsheet, "not a Word document (its main part is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml)"),
    (_corrupt_member, ".docx member word/document.xml is damaged (its data does not match its header); refused"),
], ids=["text_file", "old_doc", "no_document_xml", "not_office_zip", "spreadsheet", "corrupt_member"])
def test_broken_docx(tmp_path, build, what):
    path = tmp_path / "broken.docx"
    build(path)
    assert_refused(path, what)


def test_docx_malformed_xml(tmp_path):
    """The wording after 'malformed XML:' is libxml2's, so only its frame is fixed here."""
    path = write_zip(tmp_path / "broken.docx", {**real_docx_members(), "word/document.xml": b"<w:document><w:body>"})
    r = run_cli("import", str(path))
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert re.fullmatch(rf"plansite: error: {re.escape(str(path))}: the \.docx is damaged \(malformed XML: [^\n<>]+, line 1, column \d+\)\n",
                        r.stderr), r.stderr


def test_docx_text_limit(tmp_path, monkeypatch):
    path = tmp_path / "ke-hoach.docx"
    make_docx(path)
    size = len(read_source(path)[0].encode("utf-8"))
    monkeypatch.setattr(lim, "TEXT_MAX_BYTES", 1000)
    with pytest.raises(ValueError) as err:
        read_source(path)
    assert str(err.value) == f"{path}: the .docx's text is {size} bytes (limit 1000 bytes); refused"


# ---------------------------------------------------------------------------------------------
# .pdf: pages, streams, text, damage
# ---------------------------------------------------------------------------------------------

def raw_pdf(path: Path, streams: list[bytes]) -> Path:
    """One page per (Flate-compressed) content stream."""
    objs: list = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for s in streams:
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s) + s + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /ProcSet [/PDF /Text] >> "
                    f"/Contents {len(objs)} 0 R >>".encode())
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def test_pdf_too_many_pages(tmp_path):
    from pypdf import PdfWriter
    writer = PdfWriter()
    for _ in range(501):
        writer.add_blank_page(595, 842)
    path = tmp_path / "pages.pdf"
    writer.write(path)
    assert_refused(path, "the PDF has 501 pages (limit 500); refused before extracting text")


def test_pdf_stream_bomb(tmp_path):
    """30 MB of content stream in ~30 KB: pypdf stops at the per-stream cap."""
    path = raw_pdf(tmp_path / "bomb.pdf", [zlib.compress(b" " * (30 * MB), 9)])
    assert_refused(path, "a PDF stream unpacks to more than the 10 MB limit (or is too complex); refused")


def test_pdf_many_small_bombs_hit_the_document_budget(tmp_path, monkeypatch):
    """Each stream is under the per-stream cap; together they pass the document's budget (lowered here to stay fast)."""
    import pypdf.filters
    monkeypatch.setattr(lim, "PDF_MAX_UNPACKED", 2 * MB)
    path = raw_pdf(tmp_path / "bombs.pdf", [zlib.compress(b" " * MB, 9)] * 5)
    original, level = pypdf.filters.decode_stream_data, logging.getLogger("pypdf").level
    with pytest.raises(ValueError, match=r"^.*: the PDF's compressed streams unpack to more than the 2 MB limit; refused$") as err:
        read_source(path)
    assert str(err.value) == f"{path}: the PDF's compressed streams unpack to more than the 2 MB limit; refused"
    assert pypdf.filters.decode_stream_data is original and logging.getLogger("pypdf").level == level  # restored


def test_pdf_text_limit(tmp_path, monkeypatch):
    lines = [ln for para in MINI.read_text(encoding="utf-8").split("\n\n") for ln in wrap(para)]
    path = tmp_path / "ke-hoach.pdf"
    make_pdf([lines[:40], lines[40:]], path)
    assert read_source(path)[1] == "pdf"
    monkeypatch.setattr(lim, "TEXT_MAX_BYTES", 1000)
    with pytest.raises(ValueError) as err:
        read_source(path)
    assert str(err.value) == f"{path}: the PDF's text is over the 1000 bytes limit; refused"


def test_pdf_encrypted(tmp_path):
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert_refused(path, "the PDF is password-protected or encrypted; save an unprotected copy first")


def test_pdf_not_a_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("Kế hoạch, nhưng là văn bản thường\n", encoding="utf-8")
    assert_refused(path, "not a PDF file (no %PDF- header)")


def test_pdf_damaged(tmp_path):
    path = raw_pdf(tmp_path / "cut.pdf", [zlib.compress(b"BT ET")])
    path.write_bytes(path.read_bytes()[:150])  # cut short: no xref, no trailer
    assert_refused(path, "not a readable PDF (damaged: Stream has ended unexpectedly)")


def test_real_inputs_still_import(tmp_path):
    """The limits leave ordinary inputs alone (the full .docx/.pdf checks are in test_import.py)."""
    docx_path, pdf_path = tmp_path / "a.docx", tmp_path / "a.pdf"
    make_docx(docx_path)
    lines = [piece for para in MINI.read_text(encoding="utf-8").split("\n\n") for line in para.strip().splitlines()
             for piece in (wrap(line) if not line.startswith("- ") or len(line) > 72 else [line])]
    make_pdf([lines[:60], lines[60:]], pdf_path)
    for path in (MINI, docx_path, pdf_path):
        r = run_cli("import", str(path), "--content", str(CONTENT))
        assert r.returncode == 0 and r.stdout.startswith("# yaml-language-server"), r.stderr


def test_plan_id_that_is_a_path_is_refused(tmp_path):
    """The plan id names the saved source file: `../` in it would write outside content/sources/."""
    out = tmp_path / "draft.yml"
    proc = subprocess.run([sys.executable, "-m", "generator", "import", str(ROOT / "tests/fixtures/import/mini-plan.txt"),
                           "--province", "quang-ngai", "--plan-id", "../../../../tmp/evil", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "plansite: error: plan id '../../../../tmp/evil' is not a year (2025) or a period (2021-2030)\n"
    assert not out.exists()
