"""The build cache: a content-addressed store in a git-ignored folder (`.plansite-cache/`).

A key is a hash of everything a result depends on: the code and templates version (`code_version`),
then the inputs' bytes. So an entry is never stale: a changed input or a changed program makes a
new key, and an old entry is simply not asked for again. The cache therefore never changes what a
build writes; it only spares work. `Cache(None, ...)` is the switched-off cache (`--clean`, tests
that want no state): every get misses, every put is dropped.

Entries are written to a temporary name and renamed, so two processes (the two languages render in
parallel) never read half an entry.
"""
from __future__ import annotations

import copy
import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".plansite-cache"
_LIBRARIES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material", "PyYAML", "diff-match-patch", "markdown-it-py")


def code_version() -> str:
    """A hash of the program: generator/ and templates/ (every file), the Python and library versions."""
    h = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    for folder in (ROOT / "generator", ROOT / "templates"):
        for f in sorted(folder.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


class Cache:
    def __init__(self, folder: Path | None, version: str | None = None):
        self.folder = folder
        self.version = version if version is not None else (code_version() if folder else "")
        self.hits = self.misses = 0
        self.used: set[tuple[str, str]] = set()  # (kind, key) read or written by this build
        self._fingerprints = None

    @property
    def fingerprints(self) -> "Fingerprints":
        """One memo of digests for the whole build (plans and the registry are digested once)."""
        if self._fingerprints is None:
            from .model import Block, Item, Plan, Section, Task
            from .registry import Registry
            # a task holds its whole section: pickled with every page that lists it, it was most of
            # the cost of fingerprints; each of these is digested once and named by its digest after
            self._fingerprints = Fingerprints((Plan, Registry, Section, Block, Task, Item))
        return self._fingerprints

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def key(self, *parts: bytes | str) -> str:
        return digest(self.version, *parts)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key[2:]

    def get(self, kind: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add((kind, key))
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        self.used.add((kind, key))
        target = self._path(kind, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)

    def get_obj(self, kind: str, key: str):
        """A pickled value, or None; an entry that cannot be read back is a miss."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # written by another program version under the same key: treat as absent
            return None

    def put_obj(self, kind: str, key: str, value):
        """Store a value; returns it as a later build will read it back. Use that copy: a pickle
        does not keep which equal strings were one object, and a fingerprint (pickled too) sees
        it, so the value made now and the one read back later would give two fingerprints."""
        if self.folder is None:
            return value
        buf = io.BytesIO()
        _StorePickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        self.put(kind, key, buf.getvalue())
        return pickle.loads(buf.getvalue())

    def memo(self, kind: str, parts: tuple, make):
        """make(), kept under the fingerprints of `parts` (everything it reads: plans, the registry,
        settings); the value as a later build reads it back. No cache, or a part that cannot be
        fingerprinted: make() every time."""
        if self.folder is None:
            return make()
        prints = [self.fingerprints.of(p) for p in parts]
        if None in prints:
            return make()
        key = self.key(kind, *prints)
        hit = self.get_obj(kind, key)
        if hit is None:
            hit = self.put_obj(kind, key, (make(),))  # in a 1-tuple: a value of None is a hit too
        return hit[0]

    def prune(self, used: set[tuple[str, str]]) -> int:
        """Remove every entry the last build did not use: the cache holds one build's worth, so it
        does not grow with every edit (nor on CI, where it is restored and saved each run)."""
        if self.folder is None or not self.folder.exists():
            return 0
        removed = 0
        for kind_dir in self.folder.iterdir():
            for sub in (kind_dir.iterdir() if kind_dir.is_dir() else ()):
                for entry in sub.iterdir():
                    if (kind_dir.name, sub.name + entry.name) not in used:
                        entry.unlink(missing_ok=True)
                        removed += 1
        return removed

    def clear(self) -> None:
        if self.folder is not None and self.folder.exists():
            shutil.rmtree(self.folder)


def open_cache(folder: Path | None = DEFAULT_DIR, clean: bool = False) -> Cache:
    """The build's cache; with `clean`, the old one is emptied so this build starts from nothing."""
    cache = Cache(folder)
    if clean:
        cache.clear()
    return cache


class Fingerprints:
    """Stable digests of values (a page's context, a pair of plans), for cache keys.

    A pickle with sets in sorted order and read-only mappings as dicts, so equal values give equal
    bytes in every process. Plans and the registry are large and appear in many contexts: each is
    digested once per build and stands in its own digest afterwards (they are frozen). A value that
    cannot be pickled (a function made on the fly) has no fingerprint: its page is always rendered.
    """

    def __init__(self, shared_types: tuple[type, ...] = ()):
        self.shared_types = shared_types
        self._memo: dict[int, tuple[object, str]] = {}  # id -> (the object, kept alive; its digest)

    def of(self, value) -> str | None:
        try:
            return hashlib.sha256(self._dumps(_canonical(value), top=None)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None

    def _shared(self, obj) -> str:
        hit = self._memo.get(id(obj))
        if hit is None:
            # fields that say where a value was read from, not what it is (a plan's path as the
            # command was given it: `content/…` or `/work/…/content/…`), are left out
            skip = getattr(type(obj), "NOT_FINGERPRINTED", ())
            view = obj
            if skip:
                view = copy.copy(obj)
                for name in skip:
                    object.__setattr__(view, name, None)
            hit = (obj, hashlib.sha256(self._dumps(view, top=view)).hexdigest())
            self._memo[id(obj)] = hit
        return hit[1]

    def _dumps(self, value, top) -> bytes:
        from types import MappingProxyType

        buf = io.BytesIO()
        outer = self

        class _Pickler(pickle.Pickler):
            # reducer_override, not persistent_id: the pickler asks it only for objects that are not
            # plain str/int/list/dict..., while persistent_id is a Python call for every value.
            def reducer_override(self, obj):
                if obj is not top and isinstance(obj, outer.shared_types):
                    return (_shared_ref, (outer._shared(obj),))
                if isinstance(obj, (set, frozenset)):
                    return (frozenset, (tuple(sorted(obj, key=repr)),))
                if isinstance(obj, MappingProxyType):
                    return (_read_only, (dict(obj),))
                return NotImplemented

        _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        return buf.getvalue()


def _canonical(value):
    """Sets in plain containers in a fixed order: the C pickler writes a set in its iteration order,
    which differs between processes (string hashes are salted per process)."""
    if isinstance(value, (set, frozenset)):
        return ("<set>", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if type(value) is dict:
        return {k: _canonical(v) for k, v in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_canonical(v) for v in value)
    return value


class _StorePickler(pickle.Pickler):
    def reducer_override(self, obj):
        from types import MappingProxyType
        if isinstance(obj, MappingProxyType):  # not picklable as such; frozen values hold many
            return (_read_only, (dict(obj),))
        return NotImplemented


def _shared_ref(digest: str):
    """How a fingerprint writes a plan or the registry: by its own digest (never unpickled)."""
    raise TypeError(f"a fingerprint, not a value: {digest}")


def _read_only(d: dict):
    """How a fingerprint writes a read-only mapping (a module-level name, so it pickles)."""
    from types import MappingProxyType
    return MappingProxyType(d)
