"""Hostile input beyond one plan file: the content tree, the registries and site_config.yml.

Plans arrive as pull requests from strangers and the PR workflow builds them. Each case asserts
the exact refusal (`path:line:col: error: message`, exit 1, no traceback) and, for the build,
that the previous site is left as it was. Per-file cases are VARIANTS in test_validate.py.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.registry import load_registry
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "validate" / "content"
PLAN = "plans/quang-ngai/2025.yml"
SOURCE_LINE = "file: sources/quang-ngai-2025.txt"


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the validator's small content tree, free to damage."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def plansite(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, timeout=300)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # strict: every byte printed is UTF-8
    assert "Traceback" not in out + err, err
    assert proc.returncode in (0, 1), f"ended by signal or crash: {proc.returncode}\n{err}"
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def validate(content: Path, *args: str) -> subprocess.CompletedProcess:
    return plansite("validate", "--content", str(content), *args)


def error_lines(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if ": error: " in line]


# --- paths: the source file the build republishes ------------------------------------------

def test_source_link_out_of_content_is_refused(content):
    (content / "sources" / "passwd.txt").symlink_to("/etc/passwd")
    edit(content / PLAN, SOURCE_LINE, "file: sources/passwd.txt")
    proc = validate(content)
    assert proc.returncode == 1
    assert error_lines(proc) == [f"{content / PLAN}:24:9: error: source file 'sources/passwd.txt' resolves outside "
                                 f"{content / 'sources'} (links must stay inside it)"]
    assert "root:" not in proc.stdout + proc.stderr


def test_source_link_to_a_folder_link_is_refused(content, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("bí mật", encoding="utf-8")
    (content / "sources" / "sub").symlink_to(outside, target_is_directory=True)
    edit(content / PLAN, SOURCE_LINE, "file: sources/sub/secret.txt")
    proc = validate(content)
    assert error_lines(proc) == [f"{content / PLAN}:24:9: error: source file 'sources/sub/secret.txt' resolves outside "
                                 f"{content / 'sources'} (links must stay inside it)"]


def test_source_link_inside_sources_is_accepted(content):
    (content / "sources" / "alias.txt").symlink_to("quang-ngai-2025.txt")
    edit(content / PLAN, SOURCE_LINE, "file: sources/alias.txt")
    assert validate(content).returncode == 0


def test_source_that_is_a_device_or_a_folder_is_refused(content):
    (content / "sources" / "zero.txt").symlink_to("/dev/zero")
    (content / "sources" / "folder.txt").mkdir()
    for name, message in (("zero.txt", f"resolves outside {content / 'sources'} (links must stay inside it)"),
                          ("folder.txt", "is not a regular file")):
        shutil.copyfile(FIXTURE / PLAN, content / PLAN)
        edit(content / PLAN, SOURCE_LINE, f"file: sources/{name}")
        assert error_lines(validate(content)) == [f"{content / PLAN}:24:9: error: source file 'sources/{name}' {message}"]


def test_source_not_utf8_is_refused(content):
    (content / "sources" / "quang-ngai-2025.txt").write_bytes("Kế hoạch".encode("utf-8") + b"\xff\n")
    edit(content / PLAN, 'find: "1719/QĐ- TTg"', 'find: "Kế hoạch"')
    assert error_lines(validate(content)) == [
        f"{content / PLAN}:24:9: error: source file 'sources/quang-ngai-2025.txt' is not valid UTF-8 (byte 0xff at offset 12)"]


def test_source_over_the_size_limit_is_refused_unread(content):
    with (content / "sources" / "quang-ngai-2025.txt").open("r+b") as f:
        f.truncate(6 * 1024 * 1024)
    assert error_lines(validate(content)) == [
        f"{content / PLAN}:24:9: error: source file 'sources/quang-ngai-2025.txt' is 6291456 bytes; source texts are limited to 5 MB"]


def test_plan_file_link_out_of_the_plans_folder_is_refused(content, tmp_path):
    elsewhere = tmp_path / "elsewhere.yml"
    shutil.copyfile(FIXTURE / PLAN, elsewhere)
    (content / PLAN).unlink()
    (content / PLAN).symlink_to(elsewhere)
    proc = validate(content)
    assert error_lines(proc) == [f"{content / PLAN}:1:1: error: a link to a file outside {content / 'plans'}: "
                                 "plan files must be files inside it"]


def test_plan_path_that_is_a_device_is_refused(tmp_path):
    (tmp_path / "2025.yml").symlink_to("/dev/zero")  # read to its end, it would never end
    proc = plansite("validate", "--content", str(FIXTURE), str(tmp_path / "2025.yml"))
    assert proc.returncode == 1 and error_lines(proc) == [f"{tmp_path}/2025.yml:1:1: error: not a regular file"]


def test_one_plan_in_two_files_is_an_error_naming_both(content):
    shutil.copyfile(content / PLAN, content / "plans/quang-ngai/2025.yaml")
    proc = validate(content)
    first, second = content / "plans/quang-ngai/2025.yaml", content / PLAN
    assert proc.returncode == 1
    assert error_lines(proc) == [f"{second}:4:10: error: plan 'quang-ngai/2025' is defined twice: in {first} and in {second}"]


def test_the_same_file_named_twice_is_read_once(content):
    proc = validate(content, str(content / PLAN), str(content / PLAN))
    assert (proc.returncode, proc.stdout) == (0, "ok: 1 plan, 3 tasks, 0 warnings\n")


# --- encodings: nothing unprintable reaches a terminal or a CI log ---------------------------

def test_github_format_prints_a_message_quoting_a_surrogate(content):
    edit(content / PLAN, "lead_agency: so-noi-vu", 'lead_agency: "so-\\ud800"')
    proc = validate(content, "--format", "github")
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"::error file={content / PLAN},line=15,col=14::lead_agency: U+D800 is a lone surrogate, not a character"]


def test_diagnostics_escape_bidi_and_control_characters(content):
    edit(content / PLAN, "lead_agency: so-noi-vu", 'lead_agency: "so-\\u202enoi\\u0007"')
    lines = error_lines(validate(content))
    assert lines and all(re.fullmatch(r"[^\x00-\x1f\u202a-\u202e\u2066-\u2069]+", line) for line in lines), lines
    assert "\\u202e" in "".join(lines)


# --- registries: checked like plans -----------------------------------------------------------

def registry_errors(content: Path) -> list[str]:
    reg, diags = load_registry(content)
    assert reg is None
    return [d.format() for d in diags]


def test_registry_province_without_vietnamese_name(content):
    edit(content / "registry/provinces.yml", '    vi: "Cao Bằng"\n', "")
    assert registry_errors(content) == [
        f"{content}/registry/provinces.yml:10:5: error: provinces/0: 'vi' is a required property"]


def test_registry_themes_as_a_mapping(content):
    path = content / "registry/themes.yml"
    path.write_text("themes:\n  coordination: {vi: Điều phối}\n", encoding="utf-8")
    assert registry_errors(content) == [f"{path}:2:3: error: themes: expected array, got a mapping"]


def test_registry_unknown_successor_and_act_are_located(content):
    path = content / "registry/agencies.yml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("agency: so-noi-vu")].count("\n") + 1
    edit(path, "agency: so-noi-vu", "agency: so-khong-co")
    assert registry_errors(content) == [
        f"{path}:{line}:{text.splitlines()[line - 1].index('agency: so-noi-vu') + 9}: error: "
        "unknown successor of agency 'so-ldtbxh': 'so-khong-co'"]


def test_registry_duplicate_id_and_bidi_name(content):
    path = content / "registry/provinces.yml"
    edit(path, '    vi: "Cao Bằng"', '    vi: "Cao \u202eBằng"')
    assert registry_errors(content) == [f"{path}:11:9: error: provinces/0/vi: control character U+202E in text"]


def test_registry_errors_print_once_at_build(content, tmp_path):
    edit(content / "registry/provinces.yml", '    vi: "Cao Bằng"\n', "")
    out = tmp_path / "site"
    proc = plansite("build", "--content", str(content), "--out", str(out))
    assert proc.returncode == 1
    assert error_lines(proc) == [f"{content}/registry/provinces.yml:10:5: error: provinces/0: 'vi' is a required property",
                                 f"plansite: error: 1 error; site not built, {out} left as it was"]


# --- settings: site_config.yml ----------------------------------------------------------------

SETTINGS = ROOT / "site_config.yml"


def settings_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "site_config.yml"
    shutil.copyfile(SETTINGS, path)
    edit(path, old, new)
    return path


def settings_errors(path: Path) -> list[str]:
    config, diags = load_settings(path)
    assert config is None
    return [d.format() for d in diags]


def test_settings_as_checked_in_are_valid():
    config, diags = load_settings(SETTINGS)
    assert diags == [] and config["languages"][0] == "vi"


@pytest.mark.parametrize("old,new,expected", [
    ('repo_url: "https://github.com/plansite/plansite"', 'repo_url: "https://github.com/plansite/plansite"\ntheme: dark',
     "10:1: error: settings: unknown field 'theme'"),
    ('base_url: "https://plansite.github.io/plansite/"', 'base_url: "javascript:alert(1)//"',
     "8:11: error: base_url: 'javascript:alert(1)//' does not match the expected form ^https?://[^\\s\"'<>\\\\`]+/$"),
    ('base_url: "https://plansite.github.io/plansite/"', 'base_url: "https://x.org/\\"><script>"',
     "8:11: error: base_url: 'https://x.org/\"><script>' does not match the expected form ^https?://[^\\s\"'<>\\\\`]+/$"),
    ("languages: [vi, en]", "languages: [fr, vi, en]", "3:3: error: title: no text for the default language 'fr' (the first in languages)"),
    ("content_language: vi", "content_language: fr", "11:19: error: content_language: 'fr' is not one of languages"),
    ("languages: [vi, en]", 'languages: [vi, "en\\"><x"]', "10:17: error: languages/1: 'en\"><x' does not match the expected form ^[a-z]{2,3}$"),
    ('data_date: "2026-11-23"', 'data_date: "2026-02-30"', "12:12: error: data_date: '2026-02-30' is not a date"),
    ("({date}). {title}. {url}\"\n  en", "({date}). {title.__class__}. {url}\"\n  en",
     "20:7: error: citation/vi: unknown placeholder {title.__class__} (known: {date}, {title}, {url})"),
    ("({date}). {title}. {url}\"\n  en", "({date}). {title:>999999999}. {url}\"\n  en",
     "20:7: error: citation/vi: placeholders take no format or conversion, only {name}"),
    ('  vi: "Kế hoạch bình đẳng giới các tỉnh"', '  vi: "Kế hoạch\\u202e"', "3:7: error: title/vi: control character U+202E in text"),
])
def test_settings_errors_are_located(tmp_path, old, new, expected):
    path = settings_copy(tmp_path, old, new)
    errors = settings_errors(path)
    assert errors[:1] == [f"{path}:{expected}"], errors


def test_settings_nested_deep_is_refused(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text("title: " + "[" * 50000 + "]" * 50000 + "\n", encoding="utf-8")
    assert settings_errors(path) == [f"{path}:1:71: error: YAML nested more than 64 levels deep"]


def test_bad_settings_stop_the_build_and_keep_the_site(tmp_path):
    path = settings_copy(tmp_path, 'data_date: "2026-11-23"', 'data_date: "soon"')
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")
    from generator.build import build
    assert build(FIXTURE, out, work=tmp_path / "work", config_path=path) == 1
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"


def test_settings_text_reaches_pages_escaped(tmp_path):
    """A `</title><script>` title and tagline print as text wherever the theme shows them."""
    payload = '</title><script>alert(1)</script>"\'&'
    path = settings_copy(tmp_path, '  vi: "Kế hoạch bình đẳng giới các tỉnh"', f"  vi: {json.dumps(payload)}")
    edit(path, '  en: "Provincial gender-equality plans"', "  en: '<img src=x onerror=alert(2)>'")
    from generator.build import build
    out = tmp_path / "site"
    assert build(FIXTURE, out, work=tmp_path / "work", config_path=path) == 0
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, page
        assert "plansite-setting-" not in html, page  # every token was filled
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>" in home and "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in home
    assert os.path.getsize(out / "404.html") > 0


# --- escaping: registry text reaches every output as text --------------------------------------

def test_registry_text_is_escaped_in_every_output(content, tmp_path):
    """Names with markup and quotes: pages show them as text, feeds stay well-formed, data parses."""
    import csv
    import xml.dom.minidom
    payload = '"><script>alert(1)</script>\'&amp;'
    edit(content / "registry/provinces.yml", '    vi: "Quảng Ngãi"', f"    vi: {json.dumps('Quảng Ngãi ' + payload)}")
    edit(content / "registry/agencies.yml", '    vi: "Sở Nội vụ"', f"    vi: {json.dumps('Sở Nội vụ ' + payload)}")
    from generator.build import build
    out = tmp_path / "site"
    assert build(content, out, work=tmp_path / "work") == 0
    files = [f for f in out.rglob("*") if f.is_file()]
    for f in files:
        if f.suffix not in (".html", ".atom", ".json", ".csv"):
            continue
        text = f.read_bytes().decode("utf-8")
        if f.suffix == ".html":
            assert "<script>alert(1)" not in text, f
        elif f.suffix == ".atom":
            names = [e.getAttribute("label") for e in xml.dom.minidom.parseString(text).getElementsByTagName("category")]
            assert names == ["Quảng Ngãi " + payload], f
        elif f.suffix == ".json":
            json.loads(text)
        elif f.suffix == ".csv":
            assert all(len(row) == len(rows[0]) for rows in [list(csv.reader(text.splitlines()))] for row in rows), f
    assert any(f.suffix == ".atom" for f in files)


# --- depth and the build: refused with a message, never a crash ---------------------------------

@pytest.mark.parametrize("nest", ["[" * 50000 + "]" * 50000, "{a: " * 50000 + "1" + "}" * 50000])
def test_deep_nesting_ends_validate_and_build_with_a_message(content, tmp_path, nest):
    edit(content / PLAN, "notes: []", "notes: " + nest)
    expected = f"{content / PLAN}:29:"
    for args in (("validate", "--content", str(content)), ("build", "--content", str(content), "--out", str(tmp_path / "site"))):
        proc = plansite(*args)  # asserts exit 0 or 1: a signal (the old segfault) fails here
        assert proc.returncode == 1
        assert error_lines(proc)[0].startswith(expected) and error_lines(proc)[0].endswith("YAML nested more than 64 levels deep")


def test_registry_name_missing_for_a_language_is_located(content):
    edit(content / "registry/agencies.yml", '    en: "Department of Home Affairs"\n', "")
    assert registry_errors(content) == [f"{content}/registry/agencies.yml:88:5: error: agencies/1: 'en' is a required property"]


# --- the output folder: the build replaces it whole ---------------------------------------------

def test_build_refuses_to_replace_a_folder_that_is_not_a_site(content, tmp_path):
    from generator.build import build
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("ba năm", encoding="utf-8")
    assert build(content, precious, work=tmp_path / "work") == 1
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "ba năm"
    assert build(content, content.parent, work=tmp_path / "work") == 1  # it holds the content
    assert (content / PLAN).is_file()
