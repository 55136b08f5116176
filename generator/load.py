"""Load: read a YAML file into plain values, remembering where every node came from.

Errors are returned as values (Diagnostic), never raised, whatever the input.
"""
from __future__ import annotations

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
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def github(self) -> str:
        kind = "error" if self.severity == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{msg}"


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


def _scalar(node, loader, out_errors, rel):
    try:
        return loader.construct_object(node)
    except (ValueError, OverflowError) as exc:  # `2025-02-30`: resolved as a date, not a valid one
        out_errors.append(Diagnostic(rel, *_mark(node), f"cannot read {node.value!r}: {exc}"))
        return node.value


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
            key = _scalar(key_node, loader, out_errors, rel)
            if not isinstance(key, str):
                key = key_node.value  # `no:` / `2021:` keys: keep the text, the schema names them
            if key in result:
                out_errors.append(Diagnostic(rel, *_mark(key_node), f"duplicate key '{key}'"))
            keys[path + (key,)] = _mark(key_node)
            result[key] = _convert(value_node, loader, marks, path + (key,), out_errors, rel, keys, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, loader, marks, path + (i,), out_errors, rel, keys, seen) for i, v in enumerate(node.value)]
    return _scalar(node, loader, out_errors, rel)


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
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [], [Diagnostic(rel, 1, 1, f"file is {size / (1024 * 1024):.1f} MB ({size} bytes); plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
        data = path.read_bytes()
    except OSError as exc:
        return [], [Diagnostic(rel, 1, 1, f"cannot read file: {exc.strerror}")]
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


def _read(text: str, rel: str, max_docs: int, loader_cls, errors=None):
    """Parse with one loader class. With the fast loader, any problem returns None (read again, slowly)."""
    fast = loader_cls is not _Loader
    errors = [] if errors is None else errors
    # Anchors and aliases are refused before anything is built: no YAML bomb can expand.
    # Nesting is bounded too: building (and checking) a tree recurses once per level.
    depth = 0
    try:
        # The fast path composes first (linear even for a YAML bomb) and refuses aliases while converting.
        for event in () if fast else yaml.parse(text, Loader=loader_cls):
            if fast and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
                return None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return [], [Diagnostic(rel, event.start_mark.line + 1, event.start_mark.column + 1,
                                       "YAML anchors and aliases are not allowed in plan files")]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    if fast:
                        return None
                    return [], [Diagnostic(rel, event.start_mark.line + 1, event.start_mark.column + 1,
                                           f"YAML nested more than {MAX_DEPTH} levels deep")]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except Exception as exc:
        if fast:
            return None
        if isinstance(exc, yaml.MarkedYAMLError):
            return [], [_yaml_error(exc, rel)]
        if isinstance(exc, yaml.reader.ReaderError):  # a raw control character: no mark, only a position
            pos = exc.position
            line, col = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
            return [], [Diagnostic(rel, line, col, f"invalid YAML: control character U+{exc.character:04X} is not allowed")]
        if isinstance(exc, yaml.YAMLError):
            return [], [Diagnostic(rel, 1, 1, f"invalid YAML: {exc}")]
        raise
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
        except Exception:
            return None
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


def read_registry(path: Path):
    """Registries are ours and trusted; still, report errors as values."""
    docs, errors = load_yaml(path, max_docs=1)
    return (docs[0] if docs else None), errors
