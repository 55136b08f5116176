"""Load: read a YAML file into plain values, remembering where every node came from.

Errors are returned as values (Diagnostic), never raised, whatever the input.
"""
from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 5 * 1024 * 1024  # a plan is ~100 KB; anything this big is not a plan
MAX_DEPTH = 64  # nesting of mappings/sequences; real plans need ~15; deeper input would exhaust the stack


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"  # error | warning

    def format(self) -> str:
        return one_line(f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}")

    def github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return one_line(f"::{kind} file={self.path},line={self.line},col={self.col}::{msg}")


# What a terminal or a CI log must not receive raw: controls (a line is one diagnostic), lone
# surrogates (unencodable: printing one crashed), bidi overrides (they reorder what the reader sees).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufeff]")


def one_line(text: str) -> str:
    """`text` with every unprintable character written as its escape (\\u202e)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass
class Doc:
    """One YAML document: its value, and (line, col) for every path inside it."""
    value: object
    marks: dict = field(default_factory=dict)  # tuple(path) -> (line, col), 1-based
    keys: dict = field(default_factory=dict)  # tuple(path) -> (line, col) of the mapping key itself

    def where(self, path) -> tuple[int, int]:
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser is ~10x faster; the pure-Python one words errors best, so it reads any file the fast one rejects.
_FastLoader = getattr(yaml, "CSafeLoader", None)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _scalar(node, loader, out_errors, rel, path=()):
    try:
        value = loader.construct_object(node)
    except (ValueError, OverflowError) as exc:  # `2025-02-30`: resolved as a date, not a valid one
        out_errors.append(Diagnostic(rel, *_mark(node), f"cannot read {node.value!r}: {exc}"))
        return node.value
    # `"\ud800"` escapes to half a character: it cannot be written as UTF-8 and breaks every output.
    bad = _SURROGATE.search(value) if isinstance(value, str) else None
    if bad:
        where = "/".join(map(str, path)) or "document"
        out_errors.append(Diagnostic(rel, *_mark(node), f"{where}: U+{ord(bad.group()):04X} is a lone surrogate, not a character"))
        return _SURROGATE.sub("\ufffd", value)
    return value


class _Refused(Exception):
    """The fast path met an alias or deep nesting: the careful path reads the file and words the error."""


def _convert(node, loader, marks, path, out_errors, rel, keys=None, seen=None):
    if seen is not None:
        if id(node) in seen or len(path) > MAX_DEPTH:  # a node met twice is an alias
            raise _Refused
        seen.add(id(node))
    marks[path] = _mark(node)
    keys = {} if keys is None else keys
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out_errors.append(Diagnostic(rel, *_mark(key_node), "mapping keys must be plain strings"))
                continue
            key = _scalar(key_node, loader, out_errors, rel, path)
            if not isinstance(key, str):
                key = key_node.value  # `no:` / `2021:` keys: keep the text, the schema names them
            if key in result:
                out_errors.append(Diagnostic(rel, *_mark(key_node), f"duplicate key '{key}'"))
            keys[path + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, loader, marks, path + (key,), out_errors, rel, keys, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, loader, marks, path + (i,), out_errors, rel, keys, seen) for i, v in enumerate(node.value)]
    return _scalar(node, loader, out_errors, rel, path)


def _decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Column in characters, like every other diagnostic (the bytes before the bad one are valid UTF-8).
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        return None, [Diagnostic(rel, line, col, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})")]


def load_yaml(path: Path, rel: str | None = None, max_docs: int = 2) -> tuple[list[Doc], list[Diagnostic]]:
    """Read every YAML document of a file. Never raises for bad content."""
    rel = rel or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe would never end (or never answer)
            return [], [Diagnostic(rel, 1, 1, "not a regular file")]
        size = info.st_size
        if size > MAX_BYTES:
            return [], [Diagnostic(rel, 1, 1, f"file is {size / (1024 * 1024):.1f} MB ({size} bytes); plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # the limit holds even for a file that grows while read
        if len(data) > MAX_BYTES:
            return [], [Diagnostic(rel, 1, 1, f"file is over {MAX_BYTES // (1024 * 1024)} MB; plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
    except OSError as exc:
        return [], [Diagnostic(rel, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    text, errors = _decode(data, rel)
    if text is None:
        return [], errors
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return [], [Diagnostic(rel, 1, 1, "file is empty")]
    if _FastLoader is not None:
        fast = _read(text, rel, max_docs, _FastLoader)
        if fast is not None:
            return fast
    return _read(text, rel, max_docs, _Loader, errors)


# Tags a plan may carry explicitly (`!!str "07"`): the plain values. Anything else (`!!binary`,
# `!!set`, `!!python/...`, `!local`) is refused, on mappings and lists as much as on scalars.
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}


def _at(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _event_problem(event, depth: int) -> tuple[str | None, int]:
    """What is wrong with one parser event, if anything, and the nesting depth after it."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "YAML anchors and aliases are not allowed in plan files", depth
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in PLAIN_TAGS:
        if tag.startswith("tag:yaml.org,2002:") and tag.split(":", 2)[2] in ("binary", "set", "omap", "pairs", "timestamp"):
            return f"YAML tag '!!{tag.split(':', 2)[2]}' is not allowed: write the value as plain text", depth
        return f"invalid YAML: could not determine a constructor for the tag '{tag}'", depth
    if isinstance(event, yaml.CollectionStartEvent):
        depth += 1
        if depth > MAX_DEPTH:
            return f"YAML nested more than {MAX_DEPTH} levels deep", depth
    elif isinstance(event, yaml.CollectionEndEvent):
        depth -= 1
    return None, depth


def _scan(text: str, rel: str, loader_cls) -> Diagnostic | None:
    """Walk the parser's events before anything is built.

    The parsers keep explicit stacks, but composing a tree recurses once per level (libyaml's
    composer crashes the process at ~50,000 levels), so depth, anchors (no YAML bomb can expand)
    and tags are all refused here, on a flat stream of events.
    """
    loader = None
    depth = 0
    try:
        loader = loader_cls(text)  # the pure-Python reader refuses raw control characters here
        get_event, plain = loader.get_event, yaml.ScalarEvent
        while (event := get_event()) is not None:
            if type(event) is plain and event.tag is None and event.anchor is None:
                continue  # most events: an untagged scalar has nothing to check (this loop is validate's hot path)
            problem, depth = _event_problem(event, depth)
            if problem:
                return Diagnostic(rel, *_at(event), problem)
    except yaml.MarkedYAMLError as exc:
        return _yaml_error(exc, rel)
    except yaml.reader.ReaderError as exc:  # a raw control character: no mark, only a position
        line, col = _line_col(text, exc.position)
        return Diagnostic(rel, line, col, f"invalid YAML: control character U+{exc.character:04X} is not allowed")
    except yaml.YAMLError as exc:
        return Diagnostic(rel, 1, 1, f"invalid YAML: {exc}")
    except (ValueError, OverflowError):  # `"\U00110000"`: the scanner's chr() fails on an escape past U+10FFFF
        pos = loader.get_mark().index
        start = text.rfind("\\", 0, pos + 1)
        start = start if start >= 0 else pos
        escape = text[start:start + 10]
        line, col = _line_col(text, start)
        return Diagnostic(rel, line, col, f"invalid YAML: escape {escape} is not a Unicode character (the last is \\U0010FFFF)")
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _line_col(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def _read(text: str, rel: str, max_docs: int, loader_cls, errors=None):
    """Parse with one loader class. With the fast loader, any problem returns None (read again, slowly)."""
    fast = loader_cls is not _Loader
    errors = [] if errors is None else errors
    problem = _scan(text, rel, loader_cls)
    if problem is not None:
        return None if fast else ([], [problem])
    docs: list[Doc] = []
    loader = loader_cls(text)
    if fast:
        try:
            while loader.check_node():
                node = loader.get_node()
                if len(docs) >= max_docs:
                    return None
                marks, keys = {}, {}
                value = _convert(node, loader, marks, (), errors, rel, keys, set()) if node is not None else None
                docs.append(Doc(value, marks, keys))
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            return None  # read again by the Python loader, which locates and reports the problem
        finally:
            loader.dispose()
        return None if errors else (docs, errors)
    try:
        while loader.check_node():
            node = loader.get_node()
            if len(docs) >= max_docs:
                errors.append(Diagnostic(rel, *_mark(node), f"expected at most {max_docs} YAML documents"))
                break
            marks: dict = {}
            keys: dict = {}
            value = _convert(node, loader, marks, (), errors, rel, keys) if node is not None else None
            docs.append(Doc(value, marks, keys))
    except yaml.MarkedYAMLError as exc:
        errors.append(_yaml_error(exc, rel))
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        errors.append(Diagnostic(rel, 1, 1, f"invalid YAML: {exc}"))
    finally:
        loader.dispose()
    return docs, errors


def _yaml_error(exc: yaml.MarkedYAMLError, rel: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    context = f" ({exc.context})" if exc.context else ""
    cm = exc.context_mark
    if exc.context and cm and mark and cm.line != mark.line:  # an unclosed quote: say where it opened
        context = f" ({exc.context} at line {cm.line + 1}, column {cm.column + 1})"
    return Diagnostic(rel, line, col, f"invalid YAML: {problem}{context}")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies inside `root`: content files may not reach out of content/."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False
