"""`plansite validate` on bad input: every problem is one `path:line:col: severity: message` line.

Fixtures live in tests/fixtures/validate/:
- content/: a small content tree of its own (copies of the registries, one source text and one
  minimal VALID plan, content/plans/quang-ngai/2025.yml);
- bad/: checked-in bad files for the problems that are about the file as a whole (YAML syntax,
  encoding, document count, ...). They are small: read them next to the expected line numbers.
Most plan-level problems are variants of the valid plan made here by one string replacement,
so the expected line and column are those of the valid plan (quoted in each case's comment).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import load
from generator.registry import load_registry
from generator.validate import check_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "validate"
CONTENT = FIXTURES / "content"
BAD = FIXTURES / "bad"
VALID = CONTENT / "plans" / "quang-ngai" / "2025.yml"
VALID_TEXT = VALID.read_text(encoding="utf-8")

DIAG = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?$")


@pytest.fixture(scope="module")
def reg():
    registry, errors = load_registry(CONTENT)
    assert registry is not None and not errors, "\n".join(e.format() for e in errors)
    return registry


def variant(old: str, new: str) -> str:
    """The valid plan with one exact, unique piece of text replaced."""
    assert VALID_TEXT.count(old) == 1, f"{old!r} occurs {VALID_TEXT.count(old)} times in {VALID}"
    return VALID_TEXT.replace(old, new)


def write_plan(root: Path, data: str | bytes, folder: str = "quang-ngai", name: str = "2025.yml") -> Path:
    """Write a plan where `plans/<province>/<plan-id>.yml` wants it (or somewhere it does not)."""
    path = root / "plans" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def diagnostics(path: Path, reg) -> list[tuple]:
    """(severity, line, col, message) of every diagnostic for one file, in output order."""
    plan, diags = check_file(path, CONTENT, reg)
    for d in diags:
        assert DIAG.match(d.format()), d.format()  # one line, the documented form
    if any(d.severity == "error" for d in diags):
        assert plan is None
    return [(d.severity, d.line, d.col, d.message) for d in diags]


def errors(*items) -> list[tuple]:
    return [("error", *it) for it in items]


# --- the valid fixture ------------------------------------------------------------------

def test_valid_fixture_has_no_diagnostics(reg):
    plan, diags = check_file(VALID, CONTENT, reg)
    assert [d.format() for d in diags] == []
    assert plan is not None and plan.key == "quang-ngai/2025" and len(plan.tasks) == 3


# --- checked-in bad files (tests/fixtures/validate/bad/) ---------------------------------

CHECKED_IN = {
    # title: "Triển khai ... (line 4, col 8) never closes; YAML fails at the '---' on line 6.
    "unclosed-quote.yml": errors((6, 1, "invalid YAML: found unexpected document separator "
                                        "(while scanning a quoted scalar at line 4, column 8)")),
    # line 5: `   number:` one space deeper than `  type:` on line 4.
    "bad-indentation.yml": errors((5, 4, "invalid YAML: expected <block end>, but found '<block mapping start>' "
                                         "(while parsing a block mapping at line 4, column 3)")),
    "empty.yml": errors((1, 1, "file is empty")),
    "whitespace-only.yml": errors((1, 1, "file is empty")),
    "comments-only.yml": errors((1, 1, "expected two YAML documents (front matter, then body, separated by '---'); found 0")),
    "one-document.yml": errors((2, 1, "expected two YAML documents (front matter, then body, separated by '---'); found 1")),
    "three-documents.yml": errors((6, 1, "expected at most 2 YAML documents")),
    "front-matter-not-mapping.yml": errors((2, 1, "the front matter must be a mapping, got a list")),
    "duplicate-key.yml": errors((5, 1, "duplicate key 'kind'")),
    # The first anchor, `&a` on line 2, is refused before anything is built.
    "billion-laughs.yml": errors((2, 4, "YAML anchors and aliases are not allowed in plan files")),
    # Line 3 `title: "Kế hoạch \xff`: the bad byte is byte 22 but character 18 of the line.
    "invalid-utf8.yml": errors((3, 18, "file is not valid UTF-8 (byte 0xff)")),
    "notes.txt": errors((1, 1, "not a plan file: plan files are YAML files ending in .yml")),
}


def test_every_checked_in_fixture_has_a_case():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CHECKED_IN)


@pytest.mark.parametrize("name", sorted(CHECKED_IN))
def test_checked_in_bad_file(reg, name):
    assert diagnostics(BAD / name, reg) == CHECKED_IN[name]


# --- variants of the valid plan -----------------------------------------------------------

TITLE = 'title: "Triển khai thực hiện công tác bình đẳng giới trên địa bàn tỉnh Quảng Ngãi năm 2025"'
TOO_LONG = "sources/" + "a" * 300 + ".txt"

# id -> (text, expected diagnostics). Line numbers are the valid plan's unless a line is added.
VARIANTS = {
    # --- YAML 1.1 traps (schema type errors, with a hint) ---
    # line 7: title: no
    "title-no-is-boolean": (variant(TITLE, "title: no"), errors(
        (7, 8, "title: expected string, got a boolean (YAML 1.1 reads yes/no/on/off as booleans: quote the value)"))),
    # line 4: plan_id: 2025
    "plan-id-unquoted-is-integer": (variant('plan_id: "2025"', "plan_id: 2025"), errors(
        (4, 10, "plan_id: expected string, got an integer (YAML reads it as a number, dropping leading zeros: quote the value)"))),
    # line 11: `  date: 2025-04-23`
    "date-unquoted-is-date": (variant('date: "2025-04-23"\n  number_source', 'date: 2025-04-23\n  number_source'), errors(
        (11, 9, 'document/date: expected string or null, got a date (YAML reads unquoted dates as dates: write "2025-04-23")'))),
    # line 11: an unquoted date that is no date at all (used to be reported at 1:1)
    "date-unquoted-impossible": (variant('date: "2025-04-23"\n  number_source', 'date: 2025-02-30\n  number_source'), errors(
        (11, 9, "cannot read '2025-02-30': day is out of range for month"))),
    # line 41: `          - label: 07` (YAML 1.1 octal: the integer 7)
    "label-07-is-integer": (variant('label: "a)"\n            text: "Tổ chức', 'label: 07\n            text: "Tổ chức'), errors(
        (41, 20, "sections/0/items/0/items/0/label: expected string or null, got an integer "
                 "(YAML reads it as a number, dropping leading zeros: quote the value)"))),
    # --- schema: fields and enums ---
    # line 30 (new): author: "me"; reported at the unknown key, not at the top of the mapping
    "unknown-field": (variant("notes: []\n", 'notes: []\nauthor: "me"\n'), errors(
        (30, 1, "front matter: unknown field 'author'"))),
    # line 27 (new): `  sha: abc` inside source
    "unknown-field-nested": (variant("  url: null\nrepairs:", "  url: null\n  sha: abc\nrepairs:"), errors(
        (27, 3, "source: unknown field 'sha'"))),
    # line 13 removed: a missing key is reported at the start of its mapping (line 2)
    "missing-required-field": (variant('issuing_body: "Ủy ban nhân dân tỉnh Quảng Ngãi"\n', ""), errors(
        (2, 1, "front matter: 'issuing_body' is a required property"))),
    # line 5: kind: monthly
    "bad-enum": (variant("kind: annual", "kind: monthly"), errors(
        (5, 7, "kind: 'monthly' is not one of annual, strategy"))),
    # line 33: `sections:` renamed; the missing key is reported at the body's start (line 31), the unknown one at itself
    "body-missing-sections": (variant("sections:\n  - number: \"I\"", "chapters:\n  - number: \"I\""), errors(
        (31, 1, "body: 'sections' is a required property"),
        (33, 1, "body: unknown field 'chapters'"))),
    "body-not-a-mapping": (VALID_TEXT.split("---\n")[0] + "---\n- just\n- a list\n", errors(
        (31, 1, "the body must be a mapping, got a list"))),
    # --- text ---
    # line 39: heading "Mục đích" decomposed (u + combining dot below, i + combining acute)
    "text-not-nfc": (variant('heading: "Mục đích"', 'heading: "Mu\u0323c đi\u0301ch"'), errors(
        (39, 18, "sections/0/items/0/heading: text is not NFC-normalised Vietnamese"))),
    # line 39: "Mục\u0007đích" written as a YAML escape
    "control-character-escaped": (variant('heading: "Mục đích"', 'heading: "Mục\\u0007đích"'), errors(
        (39, 18, "sections/0/items/0/heading: control character U+0007 in text"))),
    # line 39: the raw BEL byte itself (PyYAML refuses it while reading: used to be 1:1 and two lines)
    "control-character-raw": (variant('heading: "Mục đích"', 'heading: "Mục\x07đích"'), errors(
        (39, 22, "invalid YAML: control character U+0007 is not allowed"))),
    # line 6 (new): a second `kind`
    "duplicate-key": (variant("kind: annual\n", "kind: annual\nkind: strategy\n"), errors(
        (6, 1, "duplicate key 'kind'"))),
    # --- registries ---
    # line 15
    "unknown-agency": (variant("lead_agency: so-noi-vu", "lead_agency: so-xyz"), errors(
        (15, 14, "unknown agency 'so-xyz' in lead_agency (see registry/agencies.yml)"))),
    # line 67
    "unknown-theme": (variant("themes: [women-leadership]", "themes: [women-power]"), errors(
        (67, 22, "unknown theme 'women-power' (see registry/themes.yml)"))),
    # line 68
    "unknown-indicator": (variant("indicators: [M1]", "indicators: [M2-CT9]"), errors(
        (68, 26, "unknown NQ 28 indicator 'M2-CT9' (see registry/indicators.yml)"))),
    # line 72: a second block agency that task so-tu-phap-a (roles on line 79) gives no role
    "block-agency-without-role": (variant("agencies: [so-tu-phap]", "agencies: [so-tu-phap, so-y-te]"), errors(
        (79, 20, "task 'so-tu-phap-a': no role for block agency so-y-te"))),
    # --- identity and period ---
    # line 6: `annual` plan_id "2025" checked against a strategy period
    "plan-id-not-matching-period": (variant("kind: annual\nperiod: {from: 2025, to: 2025}",
                                            "kind: strategy\nperiod: {from: 2021, to: 2030}"), errors(
        (4, 10, "plan_id '2025' does not match the period (expected '2021-2030')"))),
    "annual-plan-over-two-years": (variant("period: {from: 2025, to: 2025}", "period: {from: 2025, to: 2026}"), errors(
        (6, 9, "an annual plan covers one year, not 2025–2026"))),
    # line 6: period from 1900; the plan id and the issue date then disagree with it too
    "insane-years": (variant("period: {from: 2025, to: 2025}", "period: {from: 1900, to: 1900}"), errors(
        (6, 9, "period 1900–1900 is not a sane range of years (2000–2050, from ≤ to)"),
        (4, 10, "plan_id '2025' does not match the period (expected '1900')"),
        (11, 9, "issue date 2025-04-23 is far from the plan's period 1900–1900"))),
    # year 0 and no issue date: used to crash (datetime has no year 0)
    "year-zero-without-date": (variant("period: {from: 2025, to: 2025}", "period: {from: 0, to: 0}")
                               .replace('date: "2025-04-23"\n  number_source', "date: null\n  number_source"), errors(
        (6, 9, "period 0–0 is not a sane range of years (2000–2050, from ≤ to)"),
        (4, 10, "plan_id '2025' does not match the period (expected '0')"))),
    # --- body structure ---
    # line 62: so-noi-vu-a again (first on line 55)
    "duplicate-task-id": (variant("- id: so-noi-vu-b", "- id: so-noi-vu-a"), errors(
        (62, 17, "duplicate id 'so-noi-vu-a' (first used on line 55)"))),
    # line 63: task b) of block 1. says it is IV.1.c
    "task-ref-not-matching-position": (variant('ref: "IV.1.b"', 'ref: "IV.1.c"'), errors(
        (63, 18, "ref 'IV.1.c' does not match the item's place in the text ('IV.1.b')"))),
    # --- source and repairs ---
    # line 28
    "repair-not-in-source": (variant('find: "1719/QĐ- TTg"', 'find: "1720/QĐ- TTg"'), errors(
        (28, 12, "repair #1: '1720/QĐ- TTg' does not occur in the source text"))),
    # line 24
    "source-file-missing": (variant("file: sources/quang-ngai-2025.txt", "file: sources/missing.txt"), errors(
        (24, 9, f"source file 'sources/missing.txt' not found under {CONTENT}"))),
    # line 24: a file name longer than the OS allows (used to crash with OSError)
    "source-file-name-too-long": (variant("file: sources/quang-ngai-2025.txt", f"file: {TOO_LONG}"), errors(
        (24, 9, f"source file '{TOO_LONG}' not found under {CONTENT}"))),
    # --- agencies in time: Sở LĐTBXH ceased on 2025-02-28; the plan is dated 2025-04-23 ---
    "agency-after-it-ceased": (variant("lead_agency: so-noi-vu", "lead_agency: so-ldtbxh"), [
        ("warning", 15, 14, "agency 'so-ldtbxh' (Sở Lao động - Thương binh và Xã hội) did not exist on 2025-04-23 "
                            "(valid … to 2025-02-28)")]),
    # --- YAML syntax in a real plan ---
    # line 10: `  number: "93/KH-UBND` never closes; the quote runs on to line 11's first quote
    "unclosed-quote-in-plan": (variant('number: "93/KH-UBND"', 'number: "93/KH-UBND'), errors(
        (11, 10, "invalid YAML: expected <block end>, but found '<scalar>' (while parsing a block mapping at line 9, column 3)"))),
    # line 11: `date` one space left of its siblings
    "bad-indentation-in-plan": (variant('  date: "2025-04-23"', ' date: "2025-04-23"'), errors(
        (11, 2, "invalid YAML: expected <block end>, but found '<block mapping start>' "
                "(while parsing a block mapping at line 2, column 1)"))),
    # line 10: a tab for indentation
    "tab-indentation": (variant('  number: "93/KH-UBND"', '\tnumber: "93/KH-UBND"'), errors(
        (10, 1, "invalid YAML: found character '\\t' that cannot start any token (while scanning for the next token)"))),
    # line 5: a Python tag (the safe loader refuses every tag it does not know)
    "python-tag": (variant("kind: annual", "kind: !!python/name:os.system annual"), errors(
        (5, 7, "invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'"))),
    # line 29 (notes): a flow list 100 levels deep would overflow the stack when built
    "nested-too-deep": (variant("notes: []", "notes: " + "[" * 100 + "]" * 100), errors(
        (29, 7 + load.MAX_DEPTH, f"YAML nested more than {load.MAX_DEPTH} levels deep"))),
    # --- hostile input (issue 10): refused where it stands, before anything is built ---
    # 50,000 levels in ~100 KB: libyaml's composer used to end the process with signal 11
    "nested-50000-lists": (variant("notes: []", "notes: " + "[" * 50000 + "]" * 50000), errors(
        (29, 7 + load.MAX_DEPTH, f"YAML nested more than {load.MAX_DEPTH} levels deep"))),
    "nested-50000-mappings": (variant("notes: []", "notes: " + "{a: " * 50000 + "1" + "}" * 50000), errors(
        (29, 8 + 4 * (load.MAX_DEPTH - 1), f"YAML nested more than {load.MAX_DEPTH} levels deep"))),
    # line 29: an escape past U+10FFFF (used to end in `ValueError: chr() arg not in range`, no place)
    "escape-past-unicode": (variant("notes: []", 'notes: ["\\U00110000"]'), errors(
        (29, 10, "invalid YAML: escape \\U00110000 is not a Unicode character (the last is \\U0010FFFF)"))),
    # line 29: half a UTF-16 pair (used to pass validate and break build with UnicodeEncodeError)
    "lone-surrogate": (variant("notes: []", 'notes: ["\\ud800"]'), errors(
        (29, 9, "notes/0: U+D800 is a lone surrogate, not a character"))),
    "lone-surrogate-in-key": (variant("notes: []\n", 'notes: []\n"\\udc00x": 1\n'), errors(
        (30, 1, "document: U+DC00 is a lone surrogate, not a character"))),
    # line 29: tags other than the plain ones, on lists and mappings too (used to be dropped silently)
    "python-tag-on-list": (variant("notes: []", 'notes: !!python/object/apply:os.system ["ls"]'), errors(
        (29, 8, "invalid YAML: could not determine a constructor for the tag "
                "'tag:yaml.org,2002:python/object/apply:os.system'"))),
    "python-tag-on-mapping": (variant("notes: []", "notes: !!python/object/new:os.system {a: 1}"), errors(
        (29, 8, "invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/new:os.system'"))),
    "local-tag": (variant("notes: []", "notes: !local [a]"), errors(
        (29, 8, "invalid YAML: could not determine a constructor for the tag '!local'"))),
    # line 29: `!!binary` used to read "expected string, got a string"
    "binary-tag": (variant("notes: []", 'notes: [!!binary "aGVsbG8="]'), errors(
        (29, 9, "YAML tag '!!binary' is not allowed: write the value as plain text"))),
    "set-tag": (variant("notes: []", "notes: !!set {a}"), errors(
        (29, 8, "YAML tag '!!set' is not allowed: write the value as plain text"))),
    # line 7 / 14: bidi overrides and isolates make text display other than it reads
    "bidi-override-in-title": (variant(TITLE, TITLE.replace("Triển khai", "Triển \u202ekhai")), errors(
        (7, 8, "title: control character U+202E in text"))),
    "bidi-isolate-in-name": (variant('name: "Trần Hoàng Tuấn"', 'name: "Trần \u2067Hoàng Tuấn"'), errors(
        (14, 16, "signer/name: control character U+2067 in text"))),
    # line 7: spaces (or no-break and ideographic spaces) are no title
    "whitespace-only-title": (variant(TITLE, 'title: "   "'), errors((7, 8, "title: text is only white space"))),
    "unicode-space-only-title": (variant(TITLE, 'title: "\u00a0\u3000"'), errors((7, 8, "title: text is only white space"))),
    # line 21: a citation readers follow must name a place that exists
    "key-role-where-nowhere": (variant('where: "IV.1.a"', 'where: "IV.99.z"'), errors(
        (21, 36, "key_roles/lead/where: 'IV.99.z' is no place in this plan "
                 "(a section, block or item ref such as 'IV.1.a', or 'preamble' or 'closing')"))),
    # line 24: the build republishes the source file: nothing outside content/sources/
    "source-file-traversal": (variant("file: sources/quang-ngai-2025.txt", "file: ../../../../etc/passwd"), errors(
        (24, 9, "source file '../../../../etc/passwd' must be a path inside sources/ (sources/<name>.txt)"))),
    "source-file-absolute": (variant("file: sources/quang-ngai-2025.txt", "file: /etc/passwd"), errors(
        (24, 9, "source file '/etc/passwd' must be a path inside sources/ (sources/<name>.txt)"))),
    "source-file-traversal-inside-sources": (variant("file: sources/quang-ngai-2025.txt", "file: sources/../../../etc/passwd"), errors(
        (24, 9, "source file 'sources/../../../etc/passwd' must be a path inside sources/ (sources/<name>.txt)"))),
}


@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_variant(reg, tmp_path, case):
    text, expected = VARIANTS[case]
    assert diagnostics(write_plan(tmp_path, text), reg) == expected


# --- the file's place: plans/<province>/<plan-id>.yml --------------------------------------

def test_unknown_province(reg, tmp_path):
    # line 3; the file sits in a folder of that name, so only the registry check fires
    path = write_plan(tmp_path, variant("province: quang-ngai", "province: atlantis"), folder="atlantis")
    assert diagnostics(path, reg) == errors((3, 11, "unknown province 'atlantis' (see registry/provinces.yml)"))


def test_folder_not_matching_province(reg, tmp_path):
    path = write_plan(tmp_path, VALID_TEXT, folder="quang-nam")
    assert diagnostics(path, reg) == errors((3, 11, "province 'quang-ngai' does not match the folder 'quang-nam'"))


def test_file_name_not_matching_plan_id(reg, tmp_path):
    path = write_plan(tmp_path, VALID_TEXT, name="2026.yml")
    assert diagnostics(path, reg) == errors((4, 10, "plan_id '2025' does not match the file name '2026.yml'"))


def test_file_over_5_mb_is_refused_unread(reg, tmp_path):
    path = tmp_path / "plans" / "quang-ngai" / "2025.yml"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:  # a sparse file: 6 MB on paper, nothing written
        f.truncate(6 * 1024 * 1024)
    assert diagnostics(path, reg) == errors((1, 1, "file is 6.0 MB (6291456 bytes); plan files are limited to 5 MB"))


def test_file_just_over_the_limit(reg, tmp_path):
    path = write_plan(tmp_path, VALID_TEXT + "#" * (load.MAX_BYTES + 1 - len(VALID_TEXT.encode("utf-8"))))
    assert path.stat().st_size == load.MAX_BYTES + 1
    assert diagnostics(path, reg) == errors((1, 1, "file is 5.0 MB (5242881 bytes); plan files are limited to 5 MB"))


def test_nesting_at_the_limit_is_accepted(reg, tmp_path):
    """The depth limit leaves room for real plans: sub-items 20 levels deep still validate."""
    old = '          - label: "-"\n            text: "Nâng cao nhận thức về bình đẳng giới."\n'
    indent, new = "          ", ""
    for _ in range(20):
        new += f'{indent}- label: "-"\n{indent}  text: "Nâng cao nhận thức."\n{indent}  items:\n'
        indent += "    "
    new += f'{indent}- text: "Về bình đẳng giới."\n'
    assert diagnostics(write_plan(tmp_path, variant(old, new)), reg) == []


# --- through the command line ---------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(CONTENT), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def stderr_diagnostics(proc) -> list[re.Match]:
    lines = proc.stderr.splitlines()
    assert lines and SUMMARY.match(lines[-1]), proc.stderr
    found = [DIAG.match(line) for line in lines[:-1]]
    assert all(found), proc.stderr  # nothing but diagnostics and the summary
    return found


def test_cli_valid_plan():
    proc = run_cli(str(VALID))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "ok: 1 plan, 3 tasks, 0 warnings\n", "")


def test_cli_default_is_the_plans_folder():
    proc = run_cli()
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "ok: 1 plan, 3 tasks, 0 warnings\n", "")


def test_cli_reports_all_errors_of_a_file(tmp_path):
    """Three independent schema errors: three lines, in file order, in one run."""
    text = variant(TITLE, "title: no").replace("kind: annual", "kind: monthly").replace("notes: []\n", "notes: []\nauthor: me\n")
    path = write_plan(tmp_path, text)
    proc = run_cli(str(path))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"{path}:5:7: error: kind: 'monthly' is not one of annual, strategy",
        f"{path}:7:8: error: title: expected string, got a boolean (YAML 1.1 reads yes/no/on/off as booleans: quote the value)",
        f"{path}:30:1: error: front matter: unknown field 'author'",
        "3 errors, 0 warnings",
    ]


def test_cli_reports_all_reference_errors_of_a_file(tmp_path):
    text = (variant("lead_agency: so-noi-vu", "lead_agency: so-xyz")
            .replace("themes: [women-leadership]", "themes: [women-power]")
            .replace("indicators: [M1]", "indicators: [M2-CT9]"))
    path = write_plan(tmp_path, text)
    proc = run_cli(str(path))
    assert proc.returncode == 1
    found = stderr_diagnostics(proc)
    assert [(m["path"], int(m["line"]), int(m["col"]), m["severity"]) for m in found] == [
        (str(path), 15, 14, "error"), (str(path), 67, 22, "error"), (str(path), 68, 26, "error")]
    assert [m["message"].split(" (see")[0] for m in found] == [
        "unknown agency 'so-xyz' in lead_agency", "unknown theme 'women-power'", "unknown NQ 28 indicator 'M2-CT9'"]


def test_cli_warning_only_exits_0(tmp_path):
    path = write_plan(tmp_path, variant("lead_agency: so-noi-vu", "lead_agency: so-ldtbxh"))
    proc = run_cli(str(path))
    assert proc.returncode == 0
    assert proc.stdout == "ok: 1 plan, 3 tasks, 1 warning\n"
    assert proc.stderr.splitlines() == [
        f"{path}:15:14: warning: agency 'so-ldtbxh' (Sở Lao động - Thương binh và Xã hội) did not exist on 2025-04-23 "
        "(valid … to 2025-02-28)"]


def test_cli_stray_file_in_plans_folder(tmp_path):
    write_plan(tmp_path, VALID_TEXT)
    (tmp_path / "plans" / "quang-ngai" / "notes.txt").write_bytes((BAD / "notes.txt").read_bytes())
    proc = run_cli(str(tmp_path / "plans"))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"{tmp_path}/plans/quang-ngai/notes.txt:1:1: error: not a plan file: plan files are YAML files ending in .yml",
        "1 error, 0 warnings"]


def test_cli_github_format(tmp_path):
    path = write_plan(tmp_path, variant(TITLE, "title: no").replace("lead_agency: so-noi-vu", "lead_agency: so-ldtbxh"))
    proc = run_cli("--format", "github", str(path))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"::error file={path},line=7,col=8::title: expected string, got a boolean "
        "(YAML 1.1 reads yes/no/on/off as booleans: quote the value)"]
    assert proc.stderr == "1 error, 0 warnings\n"
    path = write_plan(tmp_path, variant("lead_agency: so-noi-vu", "lead_agency: so-ldtbxh"))
    proc = run_cli("--format", "github", str(path))
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        f"::warning file={path},line=15,col=14::agency 'so-ldtbxh' (Sở Lao động - Thương binh và Xã hội) "
        "did not exist on 2025-04-23 (valid … to 2025-02-28)",
        "ok: 1 plan, 3 tasks, 1 warning"]


def test_cli_missing_path(tmp_path):
    proc = run_cli(str(tmp_path / "nope.yml"))
    assert proc.returncode == 1
    assert proc.stderr == f"{tmp_path}/nope.yml:1:1: error: no such file or directory\n"


def test_cli_every_bad_input_in_one_run(tmp_path):
    """All bad files at once: one line per problem, every file named, never a traceback."""
    files = [BAD / name for name in sorted(CHECKED_IN)]
    for case, (text, expected) in sorted(VARIANTS.items()):
        if any(sev == "error" for sev, *_ in expected):
            files.append(write_plan(tmp_path / case, text))
    big = tmp_path / "big" / "2025.yml"
    big.parent.mkdir()
    with big.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    files.append(big)
    proc = run_cli(*map(str, files))
    assert proc.returncode == 1 and proc.stdout == ""
    found = stderr_diagnostics(proc)
    assert {m["path"] for m in found} == {str(f) for f in files}
    n_errors = sum(m["severity"] == "error" for m in found)
    assert proc.stderr.splitlines()[-1] == f"{n_errors} errors, {len(found) - n_errors} warnings"
