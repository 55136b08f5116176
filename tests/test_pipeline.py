"""The pipeline's seams: the URL module, the writer, the views' declared contexts, languages as data."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jinja2
import jinja2.meta
import pytest
import yaml

from generator import urls
from generator.build import chrome, load_config
from generator.i18n import TEMPLATES, load_labels
from generator.render import Renderer
from generator.views import FAMILIES, Page
from generator.writer import DoubleWrite, Writer

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


# --- URLs ----------------------------------------------------------------------------------------

def test_urls_of_every_page_kind():
    assert urls.home() == ""
    assert urls.province("quang-ngai") == "provinces/quang-ngai/"
    assert urls.plan("quang-ngai/2025") == "provinces/quang-ngai/2025/"
    assert urls.plan_source("quang-ngai/2025") == "provinces/quang-ngai/2025/source/"
    assert urls.task("quang-ngai/2025", "t-iv-1-a") == "provinces/quang-ngai/2025/#t-iv-1-a"
    assert urls.agency("so-noi-vu") == "agencies/so-noi-vu/" and urls.agency("so-noi-vu", 2025) == "agencies/so-noi-vu/2025/"
    assert urls.matrix() == "matrix/" and urls.matrix(2025) == "matrix/2025/"
    assert urls.comparison("a--b") == "compare/a--b/" and urls.comparison_json("a--b") == "compare/a--b/comparison.json"
    assert urls.plan_figure("quang-ngai/2025") == "provinces/quang-ngai/2025/agency-themes.svg"
    assert urls.section_anchor("IV") == "section-iv" and urls.clause_anchor(3) == "s3"
    assert urls.at("x/", None) == "x/" and urls.at("x/", "a") == "x/#a"


def test_relative_links_and_language_roots():
    assert urls.language_root("vi", ["vi", "en"]) == "" and urls.language_root("en", ["vi", "en"]) == "en/"
    assert urls.relative("", "provinces/") == "provinces/"
    assert urls.relative("provinces/x/", "") == "../../"
    assert urls.relative("provinces/x/2025/", "provinces/x/2025/source/#s2") == "source/#s2"
    assert urls.relative("en/provinces/x/", "data/assignments.csv") == "../../../data/assignments.csv"
    assert urls.relative("provinces/x/", "#a") == "#a"


# --- the writer ----------------------------------------------------------------------------------

def test_writer_refuses_a_second_write_to_one_path_naming_both(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    w = Writer(out)
    w.write("provinces/x/index.html", b"one", "plans: plans/x/2020.yml")
    with pytest.raises(DoubleWrite) as exc:
        w.write("provinces/x/index.html", b"two", "plans: plans/x/2020.yaml")
    assert "provinces/x/index.html" in str(exc.value)
    assert "plans/x/2020.yml" in str(exc.value) and "plans/x/2020.yaml" in str(exc.value)
    w.discard()
    assert (out / "index.html").read_text() == "previous"  # nothing swapped in
    w = Writer(out)
    w.write("index.html", b"new", "home")
    w.commit()
    assert (out / "index.html").read_text() == "new" and not list(tmp_path.glob(".site-*"))


def test_build_stops_on_two_views_writing_one_page(tmp_path, monkeypatch, capsys):
    import generator.build as B
    from generator.views import about

    class Twin:  # a second family that claims the about page
        __name__ = "twin"
        CONTEXT = about.CONTEXT

        @staticmethod
        def pages(view):
            yield Page(urls.about(), "about.html", "x", {"plans": [], "n_tasks": 0}, source="twin family")

    monkeypatch.setattr(B, "FAMILIES", (*B.FAMILIES, Twin))
    out = tmp_path / "site"
    assert B.build(CONTENT, out, work=tmp_path / "work") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"plansite: error: about/index.html would be written twice: by about and by twin family; {out} left as it was"]
    assert not out.exists()


# --- views: declared contexts --------------------------------------------------------------------

CHROME = {"crumbs", "citation", "alternates", "page_path", "url", "root_url"}


def test_every_page_gives_its_template_exactly_the_declared_context(views):
    for code, view in views.items():
        for family in FAMILIES:
            for page in family.pages(view):
                if not isinstance(page, Page):
                    continue
                assert page.template in family.CONTEXT, (family.__name__, page.template)
                assert set(page.context) == family.CONTEXT[page.template], (family.__name__, page.path)


def test_templates_use_only_declared_names(views):
    """Each page template (with the partials it imports) reads only its context, the page frame and the globals."""
    env = next(iter(views.values())).renderer.env
    declared = {t: keys for family in FAMILIES for t, keys in family.CONTEXT.items()}
    page_templates = sorted(p.name for p in TEMPLATES.glob("*.html") if not p.name.startswith("_"))
    assert sorted(declared) == page_templates  # every page template has one family, and no family a missing template
    shared_partials = {"_page.html", "_macros.html", "_item.html", "_diff.html"}
    partial_names = set()
    for name in shared_partials:
        partial_names |= jinja2.meta.find_undeclared_variables(env.parse((TEMPLATES / name).read_text(encoding="utf-8")))
    imported = lambda text: ({n.strip() for names in re.findall(r"import (.+?) with context", text) for n in names.split(",")}
                             | set(re.findall(r"\{% (?:macro|set) (\w+)", text)))  # macros and variables of its own
    for name, keys in declared.items():
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        used = jinja2.meta.find_undeclared_variables(env.parse(text))
        unknown = used - keys - CHROME - set(env.globals) - imported(text)
        assert not unknown, (name, unknown)
    # names the partials read from the page: only the page frame or a context some family declares
    all_keys = set().union(*declared.values())
    assert partial_names - all_keys - CHROME - set(env.globals) == set()


def test_a_typo_in_a_template_fails_the_render(views, tmp_path):
    (tmp_path / "x.html").write_text("{{ no_such_name }}", encoding="utf-8")
    r = Renderer(next(iter(views.values())).language, templates=tmp_path)
    with pytest.raises(jinja2.UndefinedError):
        r.render("x.html", "")


# --- languages are data --------------------------------------------------------------------------

def test_no_language_code_in_python_or_template_logic():
    proc = subprocess.run(["grep", "-rnE", r"""(==|!=) ?['"](vi|en)['"]""", "generator", "templates"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.stdout == ""


def test_every_label_has_the_site_languages_with_the_same_placeholders():
    import re
    labels, diags = load_labels()
    assert not diags
    languages = load_config()["languages"]
    forms = lambda text: list(text.values()) if isinstance(text, dict) else [text]
    for key, entry in labels.items():
        if key in ("date_format", "plan_day_month"):  # a date format picks which of {d} {m} {y} {month} it shows
            continue
        for lang in languages:
            assert lang in entry and all(isinstance(f, str) for f in forms(entry[lang])), (key, lang)
        names = [set(re.findall(r"\{(\w+)", f)) for lang in languages for f in forms(entry[lang])]
        assert all(n == names[0] for n in names), key


def test_a_third_language_builds_with_one_warning(tmp_path):
    config = yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))
    config["languages"] = [*config["languages"], "fr"]
    cfg = tmp_path / "site_config.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "site"
    code = ("import sys; from pathlib import Path; from generator.build import build; "
            f"sys.exit(build(Path({str(CONTENT)!r}), Path({str(out)!r}), work=Path({str(tmp_path / 'work')!r}), "
            f"config_path=Path({str(cfg)!r})))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("plansite: warning: language 'fr': "), proc.stderr
    assert "Traceback" not in proc.stderr
    home = (out / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home and 'hreflang="fr"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "fr" / "provinces" / "quang-ngai" / "2025" / "index.html").is_file()


def test_page_frame_links_every_other_language(views):
    view = views["en"]
    page = Page("provinces/quang-ngai/", "province.html", "Quang Ngai", {})
    frame = chrome(page, view.language, {}, view.settings)
    assert frame["alternates"] == [("vi", "../../../provinces/quang-ngai/")]
