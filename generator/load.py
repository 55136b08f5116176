"""Load: read a YAML file into plain values, remembering where every node came from.

Errors are returned as values (Diagnostic), never raised, whatever the input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

MAX_BYTES = 5 * 1024 * 1024  # a plan is ~100 KB; anything this big is not a plan


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

    def where(self, path) -> tuple[int, int]:
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _Loader(yaml.SafeLoader):
    pass


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node, loader, marks, path, out_errors, rel):
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out_errors.append(Diagnostic(rel, *_mark(key_node), "mapping keys must be plain strings"))
                continue
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = key_node.value  # `no:` / `2021:` keys: keep the text, the schema names them
            if key in result:
                out_errors.append(Diagnostic(rel, *_mark(key_node), f"duplicate key '{key}'"))
            result[key] = _convert(value_node, loader, marks, path + (key,), out_errors, rel)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, loader, marks, path + (i,), out_errors, rel) for i, v in enumerate(node.value)]
    return loader.construct_object(node)


def _decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Diagnostic(rel, line, col, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})")]


def load_yaml(path: Path, rel: str | None = None, max_docs: int = 2) -> tuple[list[Doc], list[Diagnostic]]:
    """Read every YAML document of a file. Never raises for bad content."""
    rel = rel or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [], [Diagnostic(rel, 1, 1, f"file is {size // (1024 * 1024)} MB; plan files are limited to {MAX_BYTES // (1024 * 1024)} MB")]
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
    # Anchors and aliases are refused before anything is built: no YAML bomb can expand.
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return [], [Diagnostic(rel, event.start_mark.line + 1, event.start_mark.column + 1,
                                       "YAML anchors and aliases are not allowed in plan files")]
    except yaml.MarkedYAMLError as exc:
        return [], [_yaml_error(exc, rel)]
    except yaml.YAMLError as exc:
        return [], [Diagnostic(rel, 1, 1, f"invalid YAML: {exc}")]
    docs: list[Doc] = []
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if len(docs) >= max_docs:
                errors.append(Diagnostic(rel, *_mark(node), f"expected at most {max_docs} YAML documents"))
                break
            marks: dict = {}
            value = _convert(node, loader, marks, (), errors, rel) if node is not None else None
            docs.append(Doc(value, marks))
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
    return Diagnostic(rel, line, col, f"invalid YAML: {problem}{context}")


def read_registry(path: Path):
    """Registries are ours and trusted; still, report errors as values."""
    docs, errors = load_yaml(path, max_docs=1)
    return (docs[0] if docs else None), errors
