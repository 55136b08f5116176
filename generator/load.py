"""Load: read a YAML file into plain values, remembering where every node came from.

Errors are returned as values (Diagnostic), never raised, whatever the input.
"""
from __future__ import annotations

import operator
import re
import stat
import weakref
from dataclasses import dataclass
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


class Doc:
    """One YAML document: its value, and (line, col) for every path inside it.

    `marks` (tuple(path) -> (line, col), 1-based) and `keys` (the same for the mapping key itself)
    may be found late: a plan read on the quick path (`load_yaml(..., lazy_marks=True)`) has none
    until a message asks where something is; then its file is read once more, with marks. Most
    files have nothing to report, and building a mark for every node was most of validate's time.
    """
    __slots__ = ("value", "_marks", "_keys", "_locate", "strings", "__weakref__")

    def __init__(self, value, marks=None, keys=None, locate=None, strings=None):
        self.value = value
        self.strings = strings  # every string value and mapping key, if the reader collected them (the quick path does)
        self._locate = locate
        self._marks = marks if marks is not None or locate is not None else {}
        self._keys = keys if keys is not None or locate is not None else {}

    def _located(self):
        if self._marks is None:
            self._locate()
        return self

    @property
    def marks(self) -> dict:
        return self._located()._marks

    @property
    def keys(self) -> dict:
        return self._located()._keys

    def where(self, path) -> tuple[int, int]:
        marks = self.marks
        path = tuple(path)
        while path not in marks and path:
            path = path[:-1]
        return marks.get(path, (1, 1))

    def __repr__(self) -> str:
        return f"Doc({self.value!r})"


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


def read_file(path: Path, rel: str | None = None) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a content file, or None and why not (not a regular file, too big, unreadable)."""
    rel = rel or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe would never end (or never answer)
            return None, [Diagnostic(rel, 1, 1, "not a regular file")]
        size = info.st_size
        if size > MAX_BYTES:
            return None, [Diagnostic(rel, 1, 1, f"file is {size / (1024 * 1024):.1f} MB ({size} bytes); plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # the limit holds even for a file that grows while read
        if len(data) > MAX_BYTES:
            return None, [Diagnostic(rel, 1, 1, f"file is over {MAX_BYTES // (1024 * 1024)} MB; plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
    except OSError as exc:
        return None, [Diagnostic(rel, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    return data, []


def load_yaml(path: Path, rel: str | None = None, max_docs: int = 2, lazy_marks: bool = False) -> tuple[list[Doc], list[Diagnostic]]:
    """Read every YAML document of a file. Never raises for bad content. With `lazy_marks`, see `parse_yaml`."""
    rel = rel or str(path)
    data, errors = read_file(path, rel)
    if data is None:
        return [], errors
    return parse_yaml(data, rel, max_docs, lazy_marks)


def parse_yaml(data: bytes, rel: str, max_docs: int = 2, lazy_marks: bool = False) -> tuple[list[Doc], list[Diagnostic]]:
    """Every YAML document of a file's bytes. With `lazy_marks`, a file the quick path can read gets
    documents whose marks are found only if asked for (the same marks, by reading the text again)."""
    text, errors = _decode(data, rel)
    if text is None:
        return [], errors
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return [], [Diagnostic(rel, 1, 1, "file is empty")]
    if lazy_marks and _QuickLoader is not None:
        quick = _read_quick(data, text, rel, max_docs)
        if quick is not None:
            return quick, []
    if _FastLoader is not None:
        fast = _read(text, rel, max_docs, _FastLoader)
        if fast is not None:
            return fast
    return _read(text, rel, max_docs, _Loader, errors)


# --- the quick path: values only, no marks -------------------------------------------------------
#
# One parse by libyaml into plain values, for a file with nothing the careful path exists for. Any
# doubt (a character that might start an anchor, alias or tag; escapes that might make a surrogate;
# nesting that might be deep; anything the composer or a constructor rejects) hands the file to the
# careful path, which reads and reports as before. So the quick path only ever returns what the
# careful one would, without the marks.

# `&a`, `*a`, `!tag` can only start a node: after a line start, a space or an indicator. A letter
# before (`KH&ĐT`) makes it text. The tests work on the bytes (str.find and re on Vietnamese text are slow).
_TEXT_BEFORE = frozenset(b for b in range(0x21, 0x7f) if b not in b"[]{},:?-\"'")  # anything else: maybe a node
# Block nesting needs indentation (or `- - -`) about as wide as it is deep; flow nesting needs brackets.
_INDENTING = bytes(0x20 if b in b" -?:" else 0x78 for b in range(256))  # those four -> space, the rest -> x
_MAX_INDENT = 200
_MAX_BRACKETS = 1000


def _maybe_careful(data: bytes) -> bool:
    """Might the careful path have something to say about this file (or the composer recurse deep)?"""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    for c in b"&*!":
        pos = data.find(c, start)
        while pos != -1:
            if pos == start or data[pos - 1] not in _TEXT_BEFORE:
                return True
            pos = data.find(c, pos + 1)
    return (b"\\u" in data or b"\\U" in data  # `"\ud800"`: half a character
            or data.count(b"[") + data.count(b"{") > _MAX_BRACKETS
            or b" " * _MAX_INDENT in data.translate(_INDENTING))


_STR_TAG = "tag:yaml.org,2002:str"


def _quick_resolver_table(loader_cls) -> tuple[dict, tuple]:
    """First character -> implicit resolvers to try (wildcards last), as Resolver.resolve looks them up."""
    table = {}
    wildcard = list(loader_cls.yaml_implicit_resolvers.get(None, []))
    for first, resolvers in loader_cls.yaml_implicit_resolvers.items():
        if first is not None:
            table[first] = tuple(resolvers) + tuple(wildcard)
    return table, tuple(wildcard)


if _FastLoader is not None:
    _TABLE, _WILDCARD = _quick_resolver_table(_FastLoader)
    _S, _SEQ = yaml.ScalarNode, yaml.SequenceNode
    _SCALAR, _SEQUENCE, _MAPPING = _FastLoader.DEFAULT_SCALAR_TAG, _FastLoader.DEFAULT_SEQUENCE_TAG, _FastLoader.DEFAULT_MAPPING_TAG

    class _QuickLoader(_FastLoader):
        """libyaml's composer, with the Python callbacks it makes for every node made cheaper (together
        an eighth of composing a plan): the same tags as yaml.resolver.Resolver.resolve, without its walk over
        path resolvers, which a safe loader never has; and, for that reason, no-ops in C for entering
        and leaving a node (is_ takes the two arguments, tuple none, and both change nothing)."""
        descend_resolver = staticmethod(operator.is_)
        ascend_resolver = staticmethod(tuple)

        def resolve(self, kind, value, implicit, _get=_TABLE.get):
            if kind is _S:
                if implicit[0]:
                    for tag, regexp in _get(value[:1], _WILDCARD):
                        if regexp.match(value):
                            return tag
                return _SCALAR
            return _SEQUENCE if kind is _SEQ else _MAPPING
else:
    _QuickLoader = None


def _plain(node, loader, depth, strings):
    """A node's value, as `_convert` would build it; _Refused wherever `_convert` would report a problem.
    Every string value and key is also put in `strings` (the text rules read them all)."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR_TAG:
            strings.append(node.value)
            return node.value
        value = _constructed(node, loader)
        if type(value) is str:
            strings.append(value)
        return value
    if depth >= MAX_DEPTH:
        raise _Refused
    if kind is yaml.MappingNode:
        result = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Refused
            key = key_node.value if key_node.tag == _STR_TAG else _constructed(key_node, loader)
            if not isinstance(key, str):
                key = key_node.value  # `no:` / `2021:` keys: keep the text, as _convert does
            if key in result:
                raise _Refused
            strings.append(key)
            result[key] = _plain(value_node, loader, depth + 1, strings)
        return result
    if kind is yaml.SequenceNode:
        return [_plain(v, loader, depth + 1, strings) for v in node.value]
    raise _Refused


def _constructed(node, loader):
    try:
        return loader.construct_object(node)
    except Exception:  # an invalid date, a tag without a constructor: the careful path words it
        raise _Refused from None


class _Locator:
    """Marks for the documents of one quick-read file, found on first demand by reading it again.

    It holds its documents weakly: no cycle, so a file's values are freed as soon as they are unused."""
    __slots__ = ("text", "rel", "max_docs", "docs")

    def __init__(self, text, rel, max_docs):
        self.text, self.rel, self.max_docs, self.docs = text, rel, max_docs, []

    def __call__(self):
        found = _read(self.text, self.rel, self.max_docs, _FastLoader)
        marked = found[0] if found is not None else []  # cannot fail: the quick path read the same text
        for i, ref in enumerate(self.docs):
            doc = ref()
            if doc is not None:
                doc._marks, doc._keys = (marked[i].marks, marked[i].keys) if i < len(marked) else ({}, {})
                doc._locate = None


def _read_quick(data: bytes, text: str, rel: str, max_docs: int) -> list[Doc] | None:
    if _maybe_careful(data):
        return None
    values = []
    loader = _QuickLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if len(values) >= max_docs:
                return None
            strings = []
            values.append((_plain(node, loader, 0, strings) if node is not None else None, strings))
    except (_Refused, yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None
    finally:
        loader.dispose()
    locator = _Locator(text, rel, max_docs)
    docs = [Doc(v, locate=locator, strings=strings) for v, strings in values]
    locator.docs = [weakref.ref(d) for d in docs]
    return docs


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
