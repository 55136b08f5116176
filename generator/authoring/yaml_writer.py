"""The one YAML writer of the authoring tools (and of the benchmark's synthetic corpus).

The project's style, deterministic and fast:
- ids plain (`so-noi-vu`), every other string double-quoted, with what a reader cannot see
  (combining marks, controls, format characters, line and paragraph separators, the no-break
  space) escaped as `\\uXXXX`, so that a damaged source word stays visible in review;
- short collections in flow style (`{from: 2021, to: 2030}`, `[a, b]`), no anchors, no aliases;
- `# ...` comments above keys and list items (the importer's REVIEW and the scaffold's FILL notes).

A Layout says what is written in flow style: PLAN, the curated plan files' look (role maps and
periods inline, the document's metadata as blocks), for `plansite import` and `plansite new`;
COMPACT, whatever is short, for the synthetic corpus (bench/synth.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})  # YAML 1.1 reads these as booleans/null
_PLAIN_KEY = re.compile(r"[a-z][a-z0-9_-]*")


class _Escapes(dict):
    """str.translate table built lazily: what a double-quoted scalar writes for each character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in '"\\':
            out = "\\" + ch
        elif ch == "\n":
            out = "\\n"
        elif unicodedata.category(ch) in ("Mn", "Cc", "Cf", "Zl", "Zp") or ch == "\u00a0":
            out = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        else:
            out = ch
        self[code] = out
        return out


_ESCAPES = _Escapes()
# Characters that never need an escape (printable ASCII but '"' and '\\', Latin letters with their
# marks composed, dashes, quotes and other punctuation): a string of only these is copied as it is.
_NOTHING_TO_ESCAPE = re.compile(r'[ !#-\[\]-~\u00a1-\u00ac\u00ae-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]*')


def quoted(s: str) -> str:
    return '"' + (s if _NOTHING_TO_ESCAPE.fullmatch(s) else s.translate(_ESCAPES)) + '"'


def is_scalar(v) -> bool:
    return v is None or isinstance(v, (str, int, bool))


@lru_cache(maxsize=4096)  # keys repeat: label, text, roles, agency ids
def key_text(k) -> str:
    k = str(k)
    return k if _PLAIN_KEY.fullmatch(k) and k not in RESERVED else quoted(k)


@dataclass(frozen=True)
class Layout:
    """Which strings go unquoted, and which collections are written in flow style. Each predicate
    gets (key, value, the value's flow text, the key's indent) and is asked only when the value is
    non-empty and all scalars."""
    plain: re.Pattern
    flow_mapping: Callable[[str, dict, str, int], bool]
    flow_sequence: Callable[[str, list, str, int], bool]
    flow_item: Callable[[str, dict, str, int], bool]  # a mapping in the sequence under `key`

    def scalar(self, v) -> str:
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        return v if self.plain.fullmatch(v) and v not in RESERVED else quoted(v)


_PLAN_FLOW = {"roles", "period"}
_PLAN_BLOCK = {"document", "source", "number_source", "distribution", "reporting", "signature", "proposal"}
_PLAN_FLOW_LISTS = {"agencies", "themes", "indicators"}
_PLAN_FLOW_ITEMS = {"repairs", "deadlines", "footnotes"}

PLAN = Layout(
    plain=re.compile(r"[a-z][a-z0-9-]*(/[a-z0-9-]+)*"),
    flow_mapping=lambda key, value, text, indent: key in _PLAN_FLOW or (
        len(text) + indent + len(key) < 150 and key not in _PLAN_BLOCK),
    flow_sequence=lambda key, value, text, indent: key in _PLAN_FLOW_LISTS and all(isinstance(v, str) for v in value),
    flow_item=lambda key, item, text, indent: key in _PLAN_FLOW_ITEMS and len(text) + indent < 150,
)

COMPACT = Layout(
    plain=re.compile(r"[a-z][a-z0-9-]*"),
    flow_mapping=lambda key, value, text, indent: len(text) <= 100,
    flow_sequence=lambda key, value, text, indent: len(text) <= 100 and all(
        not isinstance(v, str) or len(v) <= 40 for v in value),
    flow_item=lambda key, item, text, indent: False,
)


class _Writer:
    def __init__(self, layout: Layout, comments: dict | None = None):
        self.layout = layout
        self.comments = comments or {}
        self.lines: list[str] = []

    def comment(self, path: tuple, indent: int) -> None:
        for c in self.comments.get(path, ()):
            self.lines.append(" " * indent + "# " + c.replace("\n", " "))

    def flow(self, value) -> str | None:
        """`value` in flow style if it holds scalars only, else None."""
        s = self.layout.scalar
        if isinstance(value, dict):
            if all(is_scalar(v) for v in value.values()):
                return "{" + ", ".join(f"{key_text(k)}: {s(v)}" for k, v in value.items()) + "}"
        elif all(is_scalar(v) for v in value):
            return "[" + ", ".join(s(v) for v in value) + "]"
        return None

    def mapping(self, d: dict, path: tuple, indent: int) -> None:
        for k, v in d.items():
            sub = path + (k,)
            if self.comments:
                self.comment(sub, indent)
            self.entry(k, v, sub, indent)

    def entry(self, key, value, path: tuple, indent: int) -> None:
        head = f"{' ' * indent}{key_text(key)}:"
        if not isinstance(value, (dict, list)):
            self.lines.append(f"{head} {self.layout.scalar(value)}")
            return
        if not value:
            self.lines.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
            return
        text = self.flow(value)
        wanted = self.layout.flow_mapping if isinstance(value, dict) else self.layout.flow_sequence
        if text is not None and wanted(key, value, text, indent):
            self.lines.append(f"{head} {text}")
            return
        self.lines.append(head)
        if isinstance(value, dict):
            self.mapping(value, path, indent + 2)
        else:
            self.sequence(key, value, path, indent)

    def sequence(self, key, items: list, path: tuple, indent: int) -> None:
        """The items of the list under `key` (at `indent`), one `- ` line or block each."""
        pad = " " * (indent + 2)
        for i, item in enumerate(items):
            self.comment(path + (i,), indent + 2)
            if not isinstance(item, (dict, list)):
                self.lines.append(f"{pad}- {self.layout.scalar(item)}")
                continue
            text = self.flow(item)
            if isinstance(item, dict) and item and not (text is not None and self.layout.flow_item(key, item, text, indent)):
                self.item_mapping(item, path + (i,), indent + 2)
            elif text is not None:
                self.lines.append(f"{pad}- {text}")
            else:
                raise TypeError(f"{key}: a list in a list is written only if it holds scalars")

    def item_mapping(self, item: dict, path: tuple, indent: int) -> None:
        """A mapping as a list item: its first key on the `- ` line, the others under it."""
        for j, (k, v) in enumerate(item.items()):
            sub = path + (k,)
            if self.comments:
                self.comment(sub, indent + 2)
            first = len(self.lines)
            self.entry(k, v, sub, indent + 2)
            if j == 0:
                self.lines[first] = " " * indent + "- " + self.lines[first][indent + 2:]

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def dump_plan(front: dict, body: dict, comments: dict, header: list[str] | None = None) -> str:
    """A plan file (front matter and body, schema/README.md) with `# ...` comments: `comments` maps
    a path (("front", "title"), ("body", "sections", 0, "blocks", 2), ...) to the lines above it."""
    w = _Writer(PLAN, comments)
    w.lines.append("# yaml-language-server: $schema=../../../schema/plan.schema.json")
    w.lines += [f"# {h}" for h in header or []]
    for name, doc in (("front", front), ("body", body)):
        if name == "body":
            w.lines.append("---")
        w.comment((name,), 0)
        w.mapping(doc, (name,), 0)
    return w.text()


def dump_yaml(mapping: dict) -> str:
    """One mapping as a YAML document in the COMPACT layout, no comments."""
    w = _Writer(COMPACT)
    w.mapping(mapping, (), 0)
    return w.text()
