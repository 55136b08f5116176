"""The SVG figures as templates: they render under StrictUndefined, say their own size, escape
what comes from YAML and parse as XML. (Their numbers against the plans: tests/test_matrix.py.)"""
import dataclasses
import re
import xml.etree.ElementTree as ET
from types import MappingProxyType

import jinja2
import pytest

from generator.analysis.matrix import agency_theme_matrices, agency_theme_matrix, theme_plan_matrix
from generator.i18n import Language
from generator.render import Renderer
from generator.views.figures import agency_themes, heatmap

from conftest import ROOT
from test_matrix import SVG, mini_plan, renderers, task  # noqa: F401 (renderers: a fixture)

HOSTILE = '<script>alert("x")</script> & Co\'s'


def strict(r: Renderer) -> Renderer:
    """The same renderer over an environment where an undefined name is an error."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(r.env.globals)
    env.filters.update(r.env.filters)
    out = Renderer.__new__(Renderer)
    out.__dict__.update(r.__dict__, env=env)
    return out


def figures(plans, reg, r):
    yield "heatmap", heatmap(theme_plan_matrix(plans, reg), r)
    for am in agency_theme_matrices(plans, reg):
        yield "agency-theme-" + am.plan.key.replace("/", "-"), agency_themes(am, r)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_strict_undefined(corpus, renderers, lang):
    plans, reg = corpus
    r = renderers[lang]
    for (prefix, fig), (_, same) in zip(figures(plans, reg, strict(r)), figures(plans, reg, r)):
        assert fig == same, prefix
    empty = theme_plan_matrix([], reg)
    assert heatmap(empty, strict(r)) == heatmap(empty, r)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_size_and_xml(corpus, renderers, lang):
    plans, reg = corpus
    for prefix, fig in figures(plans, reg, renderers[lang]):
        root = ET.fromstring(fig.svg)
        assert root.tag == f"{SVG}svg" and root.get("lang") == lang
        w, h = root.get("width"), root.get("height")
        assert (fig.width, fig.height) == (round(float(w)), round(float(h))), prefix
        assert root.get("viewBox") == f"0 0 {w} {h}"
        assert fig.svg.endswith("</svg>\n") and not fig.svg.endswith("\n\n")
        assert not re.search(r"\b(None|Undefined)\b", fig.svg)


def test_words_come_from_the_labels(corpus, renderers):
    plans, reg = corpus
    tm = theme_plan_matrix(plans, reg)
    for lang, r in renderers.items():
        root = ET.fromstring(heatmap(tm, r).svg)
        assert root.find(f"{SVG}title").text == r.t("figure_heatmap_title")
        legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
        assert legend.find(f"{SVG}text").text == r.t("figure_legend")
    assert renderers["vi"].t("figure_legend") != renderers["en"].t("figure_legend")


def test_yaml_text_is_escaped(registry, renderers):
    agencies = dict(registry.agencies)
    agencies["so-y-te"] = {**agencies["so-y-te"], "vi": HOSTILE, "short_vi": HOSTILE, "en": HOSTILE, "short_en": HOSTILE}
    themes = dict(registry.themes)
    themes["health"] = {**themes["health"], "vi": "Y tế & <b>sức khỏe</b>", "en": "Health & <b>care</b>"}
    provinces = dict(registry.provinces)
    provinces["gia-lai"] = {**provinces["gia-lai"], "vi": "Gia <Lai> & \"x\"", "en": "Gia <Lai> & \"x\""}
    reg = dataclasses.replace(registry, agencies=MappingProxyType(agencies), themes=MappingProxyType(themes),
                              provinces=MappingProxyType(provinces))
    plan = mini_plan("gia-lai", "2020", 2020, 2020, [
        {"id": "so-y-te", "label": "1.", "name": "Sở Y tế", "agencies": ["so-y-te"], "mode": "directed",
         "tasks": [task("so-y-te-p1", "IV.1.p1", {"so-y-te": "lead"}, ["health"])]}])
    for lang, base in renderers.items():
        r = Renderer(Language(lang, base.language.languages, base.language.labels, reg, base.config))
        for fig in (heatmap(theme_plan_matrix([plan], reg), r), agency_themes(agency_theme_matrix(plan, reg), r)):
            assert "<script" not in fig.svg and "<b>" not in fig.svg and "<Lai>" not in fig.svg
            root = ET.fromstring(fig.svg)  # escaped text keeps the XML well-formed
            texts = [e.text for e in root.iter() if e.text]
            assert any("Gia <Lai> & \"x\"" in t for t in texts)
            assert any(r.theme_name("health") in t for t in texts) and "<b>" in r.theme_name("health")
        fig = agency_themes(agency_theme_matrix(plan, reg), r, id_prefix="y")
        assert "&lt;script&gt;" in fig.svg and "&amp; Co" in fig.svg
        rows = {g.get("data-row"): g for g in ET.fromstring(fig.svg).iter(f"{SVG}g") if g.get("class") == "row"}
        assert rows["so-y-te"].find(f"{SVG}text").text == HOSTILE


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_agency_figures_are_small(corpus, renderers, lang):
    """The byte budget: one agency × theme figure is written per plan and language, so at most 15 KB
    each on the real plans (a box, a tooltip and colour attributes per cell made them up to 168 KB)."""
    plans, reg = corpus
    sizes = {am.plan.key: len(agency_themes(am, renderers[lang]).svg.encode("utf-8"))
             for am in agency_theme_matrices(plans, reg)}
    assert sizes and max(sizes.values()) <= 15_000, sizes
