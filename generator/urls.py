"""Every page, file and anchor path of the site, in one place, for Python and templates alike.

Paths are directory URLs relative to a language's root ('' is the home page, 'provinces/x/' a
province); files shared by every language (data twins) live once under the site root. Templates
get this module as `urls` and turn a path into a link with `url(...)` (same language) or
`root_url(...)` (a shared file), both relative, so the site works under any base path.
"""
from __future__ import annotations

from functools import lru_cache

# --- pages -------------------------------------------------------------------------------------


def home() -> str:
    return ""


def provinces() -> str:
    return "provinces/"


def province(province_id: str) -> str:
    return f"provinces/{province_id}/"


def plan(plan_key: str) -> str:
    """'quang-ngai/2025' (Plan.key) -> 'provinces/quang-ngai/2025/'."""
    return f"provinces/{plan_key}/"


def plan_source(plan_key: str) -> str:
    return plan(plan_key) + "source/"


def years() -> str:
    return "years/"


def year(y: int) -> str:
    return f"years/{y}/"


def agencies() -> str:
    return "agencies/"


def agency(agency_id: str, y: int | None = None) -> str:
    return f"agencies/{agency_id}/" + (f"{y}/" if y is not None else "")


def matrix(y: int | None = None) -> str:
    return "matrix/" + (f"{y}/" if y is not None else "")


def compare_index() -> str:
    return "compare/"


def comparison(slug: str) -> str:
    return f"compare/{slug}/"


def transfer() -> str:
    return "transfer/"


def transfer_figure() -> str:
    """The key roles by year chart of /transfer/ (per language: its words are the language's)."""
    return transfer() + "key-roles-by-year.svg"


def province_figure(province_id: str) -> str:
    """A province's key-role timeline (per language)."""
    return province(province_id) + "key-roles.svg"


def data() -> str:
    return "data/"


def search() -> str:
    return "search/"


def about() -> str:
    return "about/"


def wanted() -> str:
    """The maintainers' wanted list: plans we know of (cited) but do not hold, and partial texts."""
    return "about/wanted/"


def methodology() -> str:
    """The codebook (how roles are coded) and the data revisions log."""
    return "methodology/"


def revision(anchor: str) -> str:
    return at(methodology(), anchor)


# --- files -------------------------------------------------------------------------------------


def plan_figure(plan_key: str) -> str:
    """The agency × theme figure of a plan (per language: its text is the language's)."""
    return plan(plan_key) + "agency-themes.svg"


def heatmap(matrix_path: str) -> str:
    return matrix_path + "heatmap.svg"


def comparison_json(slug: str) -> str:
    """Shared by every language: the comparison's data twin."""
    return comparison(slug) + "comparison.json"


def data_file(name: str) -> str:
    """Shared by every language: 'assignments.csv' -> 'data/assignments.csv'."""
    return f"data/{name}"


def plan_data(plan_key: str, name: str) -> str:
    """Shared: a plan's own data twin ('plan.json', 'assignments.csv')."""
    return plan(plan_key) + name


def province_feed(province_id: str) -> str:
    return province(province_id) + "feed.atom"


def asset(name: str) -> str:
    return f"assets/{name}"


def search_file(name: str) -> str:
    return f"search/{name}"


# --- anchors -----------------------------------------------------------------------------------


def section_anchor(number: str) -> str:
    """'IV' -> 'section-iv'."""
    return f"section-{number.lower()}"


def clause_anchor(index: int) -> str:
    """The n-th paragraph (from 1) of a plan's source text."""
    return f"s{index}"


def at(path: str, anchor: str | None) -> str:
    """A path with an anchor, or the path alone."""
    return path + (f"#{anchor}" if anchor else "")


def task(plan_key: str, task_id: str) -> str:
    return at(plan(plan_key), task_id)


# --- languages and links -----------------------------------------------------------------------


def language_root(lang: str, languages) -> str:
    """'' for the default (first) language, '<lang>/' for the others."""
    return "" if lang == languages[0] else f"{lang}/"


@lru_cache(maxsize=65536)
def relative(from_page: str, target: str) -> str:
    """A link from one directory-URL page ('provinces/x/') to another site path, relatively.
    Plain string work (posixpath.relpath was a tenth of a page's rendering time)."""
    target_path, _, frag = target.partition("#")
    if target_path == "" and frag:  # '#x': an anchor on the same page
        return "#" + frag
    base = [p for p in from_page.split("/") if p]
    parts = [p for p in target_path.split("/") if p and p != "."]
    n = 0
    while n < len(base) and n < len(parts) and base[n] == parts[n]:
        n += 1
    rel = "/".join([".."] * (len(base) - n) + parts[n:]) or "."
    if (target_path == "" or target_path.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return rel + ("#" + frag if frag else "")


def feed() -> str:
    """Shared: the site's Atom feed."""
    return "feed.atom"


# --- pages in parts (appended: page budgets at national scale) ---------------------------------


def agency_part(agency_id: str, y: int, part: int) -> str:
    """Part `part` (from 1) of an agency's tasks of one year, when the year is too long for one
    page: part 1 is the year's own page, 'agencies/x/2021/', then 'agencies/x/2021/2/'."""
    return agency(agency_id, y) + (f"{part}/" if part > 1 else "")


def matrix_part(y: int | None, part: int) -> str:
    """Part `part` (from 1) of a matrix slice with too many plans for one page: part 1 is the
    slice's own page, 'matrix/2021/', then 'matrix/2021/2/' ('matrix/2/' for the all-years slice)."""
    return matrix(y) + (f"{part}/" if part > 1 else "")


# --- pages in one language only (appended: byte budgets at national scale) ----------------------


def in_language(path: str, lang: str, languages) -> str:
    """A page of language `lang` as a site-root path, for `root_url`: a link across languages."""
    return language_root(lang, languages) + path


def text_language(source: str, languages) -> str:
    """The one language a plan's source text page is published in: the language plans are written
    in (settings content_language) when the site has it, else the default language."""
    return source if source in languages else languages[0]


def plan_text(plan_key: str, source: str, languages) -> str:
    """Site-root path of a plan's source text page, which exists once (in `text_language`); every
    language links to it with `root_url`: 'provinces/quang-ngai/2025/source/' on a Vietnamese site."""
    return in_language(plan_source(plan_key), text_language(source, languages), languages)
