"""Validate: plan files against the JSON Schema, then the checks a schema cannot express.

Every problem becomes a Diagnostic with the line and column of the offending YAML node.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import multiprocessing
import os
import pickle
import re
import stat
import threading
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .cache import Cache, digest
from .checks import _CONTROL as _TEXT_CONTROL
from .checks import SCHEMAS, schema_errors, text_errors, type_name, validator
from .load import Diagnostic, Doc, inside, load_yaml, parse_yaml, read_file
from .model import Plan, build_plan, path_part
from .registry import FILES as REGISTRY_FILES
from .registry import Registry, load_registry
from .smells import smell_checks
from .text import squash

SCHEMA_PATH = SCHEMAS / "plan.schema.json"
PLAN_RE = re.compile(r"^\d{4}(-\d{4})?$")


def _draft7(node):
    """The schema in draft-07 words (fastjsonschema's): dependentRequired -> dependencies."""
    if isinstance(node, dict):
        return {("dependencies" if k == "dependentRequired" else k): _draft7(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


@lru_cache(maxsize=1)
def _fast_checks():
    """Compiled validators that only say valid or not: a valid file (the common case) skips the slow,
    precise validator, which runs only to word the errors of an invalid one."""
    try:
        import fastjsonschema
    except ImportError:
        return None
    defs = _draft7(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"])
    make = lambda name: fastjsonschema.compile({"$schema": "http://json-schema.org/draft-07/schema#",
                                                "$ref": f"#/$defs/{name}", "$defs": defs})
    return make("front"), make("body"), fastjsonschema.JsonSchemaException


def _schema_valid_fast(front, body) -> bool:
    checks = _fast_checks()
    if checks is None:
        return False
    check_front, check_body, failure = checks
    try:
        check_front(front)
        check_body(body)
        return True
    except failure:
        return False


@dataclass
class _Ctx:
    rel: str
    front: Doc
    body: Doc
    reg: Registry
    out: list

    def err(self, doc: Doc, path, message: str, severity="error"):
        self.out.append(Diagnostic(self.rel, *doc.where(path), message, severity))


SOURCE_MAX_BYTES = 5 * 1024 * 1024  # the longest real source is ~60 KB


def read_source(content: Path, src: str) -> tuple[str | None, str | None]:
    """(text, None) for a source file the site may publish, else (None, why not).

    The build republishes the file, and plans come from strangers' pull requests: the name must
    resolve, links followed, to a regular file inside content/sources/, of plan-text size, in UTF-8.
    """
    return source_answer(src, *_source_bytes(content, src))


def _source_bytes(content: Path, src: str, root: str | None = None) -> tuple[bytes | None, str | None]:
    """read_source's first half: the file's bytes, or why there are none. With `src`, all its answer
    depends on (so the cache keys on these bytes, never decoding a text it does not check).
    `root`: os.path.realpath(content / "sources"), if known (os.path, not pathlib: it is called per plan)."""
    root = root or os.path.realpath(content / "sources")
    name = Path(src)
    if name.is_absolute() or ".." in name.parts or name.parts[:1] != ("sources",):
        return None, f"source file '{src}' must be a path inside sources/ (sources/<name>.txt)"
    path = content / name
    try:
        if not os.path.lexists(path):
            return None, f"source file '{src}' not found under {content}"
        real = os.path.realpath(path, strict=True)
        info = os.stat(real)
    except (OSError, RuntimeError):  # a name too long, a link loop, a dangling link
        return None, f"source file '{src}' not found under {content}"
    if not (real == root or real.startswith(root.rstrip("/") + "/")):
        return None, f"source file '{src}' resolves outside {content / 'sources'} (links must stay inside it)"
    if not stat.S_ISREG(info.st_mode):
        return None, f"source file '{src}' is not a regular file"
    if info.st_size > SOURCE_MAX_BYTES:
        return None, f"source file '{src}' is {info.st_size} bytes; source texts are limited to {SOURCE_MAX_BYTES // (1024 * 1024)} MB"
    with open(real, "rb") as f:
        return f.read(), None


def source_answer(src: str, data: bytes | None, problem: str | None) -> tuple[str | None, str | None]:
    """read_source's second half: the text of the bytes, or why it may not be published."""
    if problem is not None:
        return None, problem
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"source file '{src}' is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    # The regex is slow on a long text: first ask the bytes whether it could find anything.
    if data.translate(None, _NOT_SOURCE_CONTROL_BYTES) or any(seq in data for seq in _SOURCE_CONTROL_UTF8):
        bad = _SOURCE_CONTROL.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            return None, f"source file '{src}' has control character U+{ord(bad.group()):04X} on its line {line}"
    return text, None


# A published text may carry tabs, line ends and form feeds (page breaks), never other controls.
_SOURCE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same in UTF-8 (a surrogate cannot be in valid UTF-8): every byte but the ASCII controls, and the bidi controls.
_NOT_SOURCE_CONTROL_BYTES = bytes(b for b in range(256) if b >= 0x80 or not _SOURCE_CONTROL.match(chr(b)))
_SOURCE_CONTROL_UTF8 = tuple(chr(c).encode("utf-8") for c in (*range(0x202a, 0x202f), *range(0x2066, 0x206a)))


def _date(s):
    try:
        return dt.date.fromisoformat(s) if isinstance(s, str) else None
    except ValueError:
        return None


def _reference_checks(c: _Ctx, plan_path: Path, content: Path, source=None):
    """`source(src)`: read_source's answer for this plan's source file (the cache records what was read)."""
    f, b, reg = c.front.value, c.body.value, c.reg
    # File path: plans/<province>/<plan-id>.yml
    if plan_path.parent.name != f["province"]:
        c.err(c.front, ("province",), f"province '{f['province']}' does not match the folder '{plan_path.parent.name}'")
    if plan_path.stem != f["plan_id"]:
        c.err(c.front, ("plan_id",), f"plan_id '{f['plan_id']}' does not match the file name '{plan_path.name}'")
    if f["province"] not in reg.provinces:
        c.err(c.front, ("province",), f"unknown province '{f['province']}' (see registry/provinces.yml)")
    y0, y1 = f["period"]["from"], f["period"]["to"]
    if not (2000 <= y0 <= y1 <= 2050):
        c.err(c.front, ("period",), f"period {y0}–{y1} is not a sane range of years (2000–2050, from ≤ to)")
    expected_id = str(y0) if f["kind"] == "annual" else f"{y0}-{y1}"
    if f["kind"] == "annual" and y0 != y1:
        c.err(c.front, ("period",), f"an annual plan covers one year, not {y0}–{y1}")
    elif f["plan_id"] != expected_id:
        c.err(c.front, ("plan_id",), f"plan_id '{f['plan_id']}' does not match the period (expected '{expected_id}')")
    doc_date = _date(f["document"].get("date"))
    if f["document"].get("date") and not doc_date:
        c.err(c.front, ("document", "date"), f"'{f['document']['date']}' is not a valid date")
    if doc_date and not (y0 - 2 <= doc_date.year <= y1):
        c.err(c.front, ("document", "date"), f"issue date {doc_date} is far from the plan's period {y0}–{y1}")
    when = doc_date or dt.date(min(max(y0, 1), 9999), 1, 1)  # an insane year is reported above; don't crash on it

    def agency(doc, path, aid, role_desc):
        a = reg.agencies.get(aid)
        if a is None:
            c.err(doc, path, f"unknown agency '{aid}' in {role_desc} (see registry/agencies.yml)")
            return
        vf, vt = _date(a.get("valid_from")), _date(a.get("valid_to"))
        if (vt and when > vt) or (vf and when < vf):
            span = f"{a.get('valid_from') or '…'} to {a.get('valid_to') or '…'}"
            c.err(doc, path, f"agency '{aid}' ({a['vi']}) did not exist on {when} (valid {span})", "warning")

    text_status = (f.get("text") or {}).get("status", "full")
    if f.get("lead_agency") is not None:
        agency(c.front, ("lead_agency",), f["lead_agency"], "lead_agency")
    elif text_status != "partial":
        c.err(c.front, ("lead_agency",), "lead_agency is null: only a partial text (text: {status: partial, ...}) may leave it unknown")
    if f.get("proposal"):
        agency(c.front, ("proposal", "agency"), f["proposal"]["agency"], "proposal")
    for name, kr in (f.get("key_roles") or {}).items():
        if kr:
            agency(c.front, ("key_roles", name, "agency"), kr["agency"], f"key_roles/{name}")
    src = f["source"]["file"]
    text, problem = (source or (lambda name: read_source(content, name)))(src)
    if problem:
        c.err(c.front, ("source", "file"), problem)
    elif f.get("repairs"):
        raw = squash(text)  # ~30 KB: only for a plan that has repairs to find in it
        for i, r in enumerate(f["repairs"]):
            if r["find"] not in raw:
                c.err(c.front, ("repairs", i, "find"), f"repair #{i + 1}: {r['find']!r} does not occur in the source text")

    # Body
    anchors: dict[str, tuple] = {}

    def anchor(doc, path, ident):
        if ident in anchors:
            line = doc.where(anchors[ident])[0]
            c.err(doc, path, f"duplicate id '{ident}' (first used on line {line})")
        else:
            anchors[ident] = path

    places = {"preamble", "closing"}  # what `where` may name: these, and every section, block and item ref
    if b.get("letterhead"):
        places.add("letterhead")
    if b.get("decision"):
        places.add("decision")

    def item(path, raw, parent_ref, pos, is_task):
        ref = f"{parent_ref}.{path_part(raw.get('label'), pos)}"
        places.add(ref)
        if is_task or raw.get("id"):
            anchor(c.body, path + ("id",), raw["id"])
            if raw.get("ref") != ref:
                c.err(c.body, path + ("ref",), f"ref '{raw.get('ref')}' does not match the item's place in the text ('{ref}')")
            for aid in raw.get("roles") or {}:
                agency(c.body, path + ("roles", aid), aid, f"task '{raw['id']}'")
            for j, t in enumerate(raw.get("themes") or []):
                if t not in reg.themes:
                    c.err(c.body, path + ("themes", j), f"unknown theme '{t}' (see registry/themes.yml)")
            for j, ind in enumerate(raw.get("indicators") or []):
                if ind not in reg.indicators:
                    c.err(c.body, path + ("indicators", j), f"unknown NQ 28 indicator '{ind}' (see registry/indicators.yml)")
        for j, sub in enumerate(raw.get("items") or []):
            item(path + ("items", j), sub, ref, j + 1, False)

    numbers = set()
    for si, s in enumerate(b.get("sections") or []):
        sp = ("sections", si)
        if s["number"] in numbers:
            c.err(c.body, sp + ("number",), f"duplicate section number '{s['number']}'")
        numbers.add(s["number"])
        places.add(s["number"])
        if s["kind"] == "implementation" and not s.get("blocks"):
            c.err(c.body, sp, "an implementation section needs agency blocks")
        if s["kind"] != "implementation" and s.get("blocks"):
            c.err(c.body, sp + ("blocks",), "only implementation sections have agency blocks")
        for j, it in enumerate(s.get("items") or []):
            item(sp + ("items", j), it, s["number"], j + 1, False)
        for bi, blk in enumerate(s.get("blocks") or []):
            bp = sp + ("blocks", bi)
            anchor(c.body, bp + ("id",), blk["id"])
            for j, aid in enumerate(blk["agencies"]):
                agency(c.body, bp + ("agencies", j), aid, f"block '{blk['id']}'")
            bref = f"{s['number']}.{path_part(blk.get('label'), bi + 1)}"
            places.add(bref)
            for ti, t in enumerate(blk["tasks"]):
                item(bp + ("tasks", ti), t, bref, ti + 1, True)
                missing = [a for a in blk["agencies"] if a not in (t.get("roles") or {})]
                if missing:
                    c.err(c.body, bp + ("tasks", ti, "roles"), f"task '{t['id']}': no role for block agency {', '.join(missing)}")
    rec = (b.get("reporting") or {}).get("recipient")
    if rec:
        agency(c.body, ("reporting", "recipient"), rec, "reporting/recipient")
    # A `where` is a citation readers follow to the clause: it must name a place that exists.
    # (Report deadlines' `where` is not cited as a clause, and partial texts may lack the section.)
    wheres = [(c.front, ("key_roles", name), kr.get("where")) for name, kr in (f.get("key_roles") or {}).items() if kr]
    if f.get("text"):
        wheres.append((c.front, ("text",), f["text"].get("ends_at")))
    _completeness_checks(c, text_status)
    smell_checks(c.front, c.body, text, lambda doc, path, message: c.err(doc, path, message, "warning"))
    for doc, path, where in wheres:
        if where is not None and where not in places:
            c.err(doc, path + ("where",), f"{'/'.join(map(str, path))}/where: '{where}' is no place in this plan "
                                          "(a section, block or item ref such as 'IV.1.a', or 'preamble' or 'closing')")


def _completeness_checks(c: _Ctx, text_status: str):
    """A text that lacks the implementation section or the signature is incomplete: it must say so,
    so that no page counts the tasks of a missing section as absent."""
    f, b = c.front.value, c.body.value
    sections = b.get("sections") or []
    lacks = []
    if not any(s["kind"] == "implementation" for s in sections):
        lacks.append("no implementation section (TỔ CHỨC THỰC HIỆN)")
    # A plan attached to a decision is often signed only once, under the decision.
    if not ((b.get("signature") or {}).get("lines") or ((b.get("decision") or {}).get("signature") or {}).get("lines")):
        lacks.append("no signature")
    if text_status == "full" and lacks:
        c.err(c.body, (), f"the text has {' and '.join(lacks)}: if our copy is incomplete, say so in the front matter "
                          "with text: {status: partial, ends_at: <last ref>, missing_vi: ..., missing_en: ...}")
    if text_status == "partial" and not lacks and not (f["text"].get("ends_at")):
        c.err(c.front, ("text",), "a partial text needs ends_at: the last place (ref) our copy reaches")


def check_file(path: Path, content: Path, reg: Registry, rel: str | None = None) -> tuple[Plan | None, list[Diagnostic]]:
    return _check(path, content, reg, rel)


def _check(path: Path, content: Path, reg: Registry, rel: str | None = None, data: bytes | None = None, source=None):
    """(plan or None, diagnostics) of one plan file. `data`: its bytes, if already read; `source`: see
    _reference_checks. A pure function of the file's bytes and path, the source text, the registries
    and the schema: the cache keys its results on exactly these."""
    rel = rel or str(path)
    if path.suffix not in (".yml", ".yaml"):
        return None, [Diagnostic(rel, 1, 1, "not a plan file: plan files are YAML files ending in .yml")]
    if data is None:
        data, errors = read_file(path, rel)
        if data is None:
            return None, errors
    # Marks (line, col) are found only if a message needs one: see load.Doc.
    docs, errors = parse_yaml(data, rel, lazy_marks=True)
    if errors:
        return None, errors
    if len(docs) != 2:
        return None, [Diagnostic(rel, *(docs[0].where(()) if docs else (1, 1)),
                                 f"expected two YAML documents (front matter, then body, separated by '---'); found {len(docs)}")]
    front, body = docs
    for doc, name in ((front, "front matter"), (body, "body")):
        if not isinstance(doc.value, dict):
            errors.append(Diagnostic(rel, *doc.where(()), f"the {name} must be a mapping, got {type_name(doc.value)}"))
    if errors:
        return None, errors
    if not _schema_valid_fast(front.value, body.value):
        fv, bv = validator("plan.schema.json", "front"), validator("plan.schema.json", "body")
        errors += schema_errors(fv, front, rel, "front matter") + schema_errors(bv, body, rel, "body")
    errors += _text_errors(front, rel) + _text_errors(body, rel)
    if any(e.severity == "error" for e in errors):
        return None, errors
    ctx = _Ctx(rel, front, body, reg, [])
    _reference_checks(ctx, path, content, source)
    errors += ctx.out
    if any(e.severity == "error" for e in errors):
        return None, errors
    return build_plan(front.value, body.value, rel), errors


def _strings(value, out: list) -> list:
    """Every string of a document, mapping keys included (what checks.walk_strings visits), without paths."""
    kind = type(value)
    if kind is str:
        out.append(value)
    elif kind is dict:
        for k, v in value.items():
            if type(k) is str:
                out.append(k)
            _strings(v, out)
    elif kind is list:
        for v in value:
            _strings(v, out)
    return out


def _text_errors(doc: Doc, rel: str) -> list[Diagnostic]:
    """checks.text_errors, after a quick look that finds nothing in almost every file.

    Joined by a newline (a character that no rule flags and that composes with nothing, so NFC
    treats each string on its own), all strings are checked by one regex and one NFC test;
    only if something is found does text_errors walk the strings to word and locate it."""
    strings = doc.strings if doc.strings is not None else _strings(doc.value, [])
    joined = "\n".join(strings)
    if (_TEXT_CONTROL.search(joined) is None and unicodedata.is_normalized("NFC", joined)
            and list(map(str.strip, strings)).count("") == strings.count("")):  # no string of white space only
        return []
    return text_errors(doc, rel)


# --- many files: the per-file cache, both cores, then the checks across files ------------------

_DEPS_KIND, _RESULT_KIND = "plan-sources", "plan-check"
PARALLEL_MIN = 32  # files to check before forking workers pays (a fork, and every result sent back)
_WORKER = None  # the _Checker a forked worker inherits


def _inputs_digest(content: Path) -> str:
    """What every plan's check reads besides its own file and its source text: the content folder's
    name (messages quote it), the registries, the schemas and the schema libraries (their messages)."""
    parts: list = [str(content)]
    for name in REGISTRY_FILES:
        path = content / "registry" / f"{name}.yml"
        data, errors = read_file(path)  # never blocks on a pipe
        linked_out = path.is_symlink() and not inside(path, content)  # load_registry refuses those
        parts += [name, str(linked_out), data if data is not None else repr(errors)]
    for f in sorted(SCHEMAS.rglob("*")):
        if f.is_file():
            parts += [f.relative_to(SCHEMAS).as_posix(), f.read_bytes()]
    for lib in ("jsonschema", "fastjsonschema"):
        try:
            parts.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{lib}=-")
    return digest(*parts)


def _load_registry(content: Path, cache: Cache | None) -> tuple[Registry | None, list[Diagnostic], str]:
    """load_registry through the cache (its schema check alone took a tenth of a cached run), and the
    inputs digest the plans' keys use. Kept only if the registries did not change while being read."""
    if cache is None or not cache.enabled:
        reg, errors = load_registry(content)
        return reg, errors, ""
    inputs = _inputs_digest(content)
    key = cache.key("registry", inputs)
    hit = cache.get_obj("registry", key)
    if hit is not None:
        return (*hit, inputs)
    reg, errors = load_registry(content)
    if _inputs_digest(content) == inputs:
        try:
            reg, errors = cache.put_obj("registry", key, (reg, errors))  # as a warm build will see it
        except (pickle.PicklingError, TypeError, AttributeError):  # a registry that cannot be stored is read each time
            pass
    return reg, errors, inputs


class _Checker:
    """Checks plan files against one registry, through the cache when it is on.

    Two entries per file, both content-addressed: the source files its check read (key: the file's
    bytes and path), then its result (key: the same, plus what each of those source files held;
    the source text a plan names is known only once the plan is read). Every key also holds the
    inputs digest (registries, schemas) and, through Cache.key, the program's version.
    """

    def __init__(self, content: Path, reg: Registry, cache: Cache | None, inputs: str | None = None):
        self.content, self.reg = content, reg
        self.cache = cache if cache is not None else Cache(None)
        self.inputs = (inputs or _inputs_digest(content)) if self.cache.enabled else ""
        self.raw: dict[str, tuple] = {}  # source name -> _source_bytes' answer, as read by this process
        self.root = os.path.realpath(content / "sources")

    def _raw(self, name: str) -> tuple[bytes | None, str | None]:
        if name not in self.raw:
            self.raw[name] = _source_bytes(self.content, name, self.root)
        return self.raw[name]

    def source(self, name: str) -> tuple[str | None, str | None]:
        """read_source's answer (from the bytes this process read, if it read them already)."""
        return source_answer(name, *self._raw(name))

    def _keys(self, rel: str, data: bytes):
        own = digest(data)
        deps_key = self.cache.key(_DEPS_KIND, self.inputs, rel, own)

        def result_key(names):
            parts = []
            for n in names:
                raw, problem = self._raw(n)
                parts += [n, "bytes", raw] if raw is not None else [n, "problem", problem]
            return self.cache.key(_RESULT_KIND, self.inputs, rel, own, *parts)
        return deps_key, result_key

    def lookup(self, path: Path, rel: str):
        """The cached result of checking a file, or None."""
        if not self.cache.enabled or path.suffix not in (".yml", ".yaml"):
            return None
        data, _ = read_file(path, rel)
        if data is None:
            return None
        deps_key, result_key = self._keys(rel, data)
        names = self.cache.get_obj(_DEPS_KIND, deps_key)
        return None if names is None else self.cache.get_obj(_RESULT_KIND, result_key(names))

    def check(self, path: Path, rel: str, pickled: bool = False):
        """Check a file (and remember the result). With `pickled` (a worker's answer): the result as
        pickle bytes, and the cache entries written (the parent's cache records them as used)."""
        caching = self.cache.enabled and path.suffix in (".yml", ".yaml")
        data = None
        if caching:
            data, errors = read_file(path, rel)
            if data is None:  # unreadable, too big, not a file: nothing worth keeping
                caching = False
        names = []

        def source(name):
            names.append(name)
            return self.source(name)
        result = _check(path, self.content, self.reg, rel, data, source)
        blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL) if caching or pickled else None
        written = []
        if caching:
            deps_key, result_key = self._keys(rel, data)
            names = tuple(dict.fromkeys(names))
            written = [(_RESULT_KIND, result_key(names)), (_DEPS_KIND, deps_key)]
            self.cache.put(_RESULT_KIND, written[0][1], blob)
            self.cache.put_obj(_DEPS_KIND, deps_key, names)  # second: never a deps entry without its result
        if pickled:
            return blob, written
        return pickle.loads(blob) if caching else result  # as read back later: the same fingerprint cold or warm


def _work(job):
    return _WORKER.check(*job, pickled=True)


def _worker_start():
    """A worker forks while the parent collects nothing (see _no_gc). Its checks do make cycles (the
    closures of _reference_checks): collect, but never walk what it inherited (frozen)."""
    gc.freeze()
    gc.enable()


def _processes(n_files: int, jobs: int | None) -> int:
    """How many processes check `n_files` files: one unless there are enough to share, and a fork is
    safe (no other thread of ours that a forked child would lose holding a lock)."""
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs < 2 or n_files < PARALLEL_MIN or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs, n_files // (PARALLEL_MIN // 2))


@contextmanager
def _no_gc():
    """Unpickling a thousand plans (no cycles among them) set off the cycle collector over and over,
    each time walking everything loaded so far. Collect nothing meanwhile, then move what was made
    straight to the oldest generation (freeze + unfreeze), where it is looked at as seldom as any
    long-lived object, rather than all at once by the next young collection."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was:
            gc.enable()


def _check_all(checker: _Checker, files: list[tuple[Path, str]], jobs: int | None) -> list:
    """The result of every file, in the order given; cached ones read, the rest checked on all cores."""
    with _no_gc():
        results = [checker.lookup(path, rel) for path, rel in files]
    todo = [i for i, r in enumerate(results) if r is None]
    n = _processes(len(todo), jobs)
    if n > 1:
        global _WORKER
        _WORKER = checker
        try:
            with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start) as pool, _no_gc():
                chunk = max(1, min(16, len(todo) // (4 * n)))  # small enough to keep both busy to the end
                used = getattr(checker.cache, "used", None)  # what the build keeps when it prunes the cache
                for i, (blob, written) in zip(todo, pool.map(_work, [files[i] for i in todo], chunksize=chunk)):
                    results[i] = pickle.loads(blob)
                    if used is not None:
                        used.update(written)
        except (BrokenProcessPool, OSError):  # no fork, a killed worker: the rest here, one by one
            pass
        finally:
            _WORKER = None
    for i in todo:
        if results[i] is None:
            results[i] = checker.check(*files[i])
    return results


def validate_paths(paths: list[Path], content: Path, reg: Registry | None = None, cache: Cache | None = None,
                   jobs: int | None = None) -> tuple[list[Plan], list[Diagnostic]]:
    """Validate files (or folders of them); also checks that plan keys are unique.

    `cache`: reuse (and keep) each file's result; `reg` given with a cache must be load_registry(content)
    (the keys hash the registry files). `jobs`: processes to check with (None: one per core, 1: this one)."""
    plans, errors, _ = _validate_paths(paths, content, reg, cache, jobs)
    return plans, errors


def _validate_paths(paths, content, reg, cache, jobs, inputs=None):
    errors: list[Diagnostic] = []
    if reg is None:
        reg, errors, inputs = _load_registry(content, cache)
        if reg is None:
            return [], errors, None
    files: list[Path] = []
    found_in: dict[Path, Path] = {}  # a file -> the folder whose walk found it
    for p in paths:
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.is_file() or x.is_symlink())
            files += found
            for x in found:
                found_in.setdefault(x, p)
        else:
            files.append(p)
    # First every file's own problems (in file order), then the checks across files.
    outside: dict[Path, Diagnostic] = {}
    todo: list[Path] = []
    for f in dict.fromkeys(files):  # a file named twice is read once
        if f.name.startswith(".") or f.name in ("README.md",):
            continue
        folder = next((p for p in paths if p.is_dir() and f.is_relative_to(p)), None)
        # A walk does not enter linked folders: what it found in `folder` that is no link lies inside
        # it (resolving two paths per file took ~0.1 s of a cached run at 1,300 plans).
        walked = found_in.get(f) is folder and not f.is_symlink()
        if folder is not None and not walked and not inside(f, folder):
            outside[f] = Diagnostic(str(f), 1, 1, f"a link to a file outside {folder}: plan files must be files inside it")
        todo.append(f)
    checker = _Checker(content, reg, cache, inputs)
    checked = iter(_check_all(checker, [(f, str(f)) for f in todo if f not in outside], jobs))
    plans, first = [], {}
    for f in todo:
        if f in outside:
            errors.append(outside[f])
            continue
        plan, errs = next(checked)
        errors += errs
        if not plan:
            continue
        # `2020.yml` beside `2020.yaml`: one plan key, two files; publishing either would hide the other.
        if plan.key in first:
            errors.append(Diagnostic(str(f), *_plan_id_mark(f), f"plan '{plan.key}' is defined twice: in {first[plan.key]} and in {f}"))
            continue
        first[plan.key] = f
        plans.append(plan)
    return plans, errors, checker


def _plan_id_mark(path: Path) -> tuple[int, int]:
    """Where a valid plan file sets its plan_id (its check, perhaps a cached one, did not need to know)."""
    docs, _ = load_yaml(path)
    return docs[0].where(("plan_id",)) if docs else (1, 1)


def load_plans(content: Path, cache: Cache | None = None, jobs: int | None = None) -> tuple[list[Plan], Registry | None, list[Diagnostic]]:
    plans, reg, errors, _ = _load_plans(content, cache, jobs)
    return plans, reg, errors


def _load_plans(content: Path, cache: Cache | None, jobs: int | None):
    """load_plans, and read_source for the corpus (the source files read on the way are not read again)."""
    reg, errors, inputs = _load_registry(content, cache)
    if reg is None:
        return [], None, errors, lambda name: read_source(content, name)
    plans, errs, checker = _validate_paths([content / "plans"], content, reg, cache, jobs, inputs)
    return plans, reg, errors + errs, checker.source
