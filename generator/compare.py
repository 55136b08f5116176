"""Comparison engine: align two plans, pair their tasks, diff the paired texts. Pure functions, no I/O.

Design (shared/reference/comparison-design.md): align first, then diff.

1. Agency blocks of plan ``a`` (older) and ``b`` (newer) are aligned through the registry's lineage
   crosswalk (Sở LĐTBXH -> Sở Nội vụ once ``b`` is dated on/after the successor's ``effective``
   date; the successor is chosen per theme with :meth:`Registry.successor`), then same agency with
   same agency; joint blocks align when they share an agency. Tasks of content sections
   (``Task.block is None``) take part as tasks of their lead agency (a "virtual" block).
2. Inside aligned blocks, tasks are paired by token-set similarity plus a theme bonus (greedy,
   deterministic). Then SPLIT / MERGED tasks, then tasks MOVED to a non-aligned block; the rest
   are ADDED / DROPPED.
3. Paired tasks get a word-level diff (diff-match-patch over syllable/punctuation tokens encoded
   as single characters, agency names as one token, NFC + one tone convention), or are shown as
   REPLACED below the similarity threshold.
4. Key roles (proposer, lead, report recipient, ...) and task moves become events; a summary
   counts them and gives a headline in English and Vietnamese.
5. :func:`transfer` gathers a lineage's tasks before/after the restructuring (the /transfer/ view).
6. :func:`publish_pairs` lists the plan pairs the site publishes (site_config.yml ``compare:``).

Everything returned is a frozen dataclass with ``to_dict()`` (JSON-ready); the same inputs give the
same output, in a stable order.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass

from diff_match_patch import diff_match_patch

from .model import KEY_ROLE_NAMES, Plan, Task
from .registry import Registry
from .text import nfc, squash, tone_normalise

# --------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The `compare:` settings of site_config.yml, plus the engine's tuning constants."""
    consecutive: bool = True
    across_2025: bool = True
    all_pairs_below: int = 6
    latest_reference_only: bool = True  # across 2025: only each province's latest pre-2025 plan (keeps pairs linear in N)
    restructuring_date: str = "2025-03-01"
    similarity_threshold: float = 0.45  # below: a pair is REPLACED (whole sentence), not diffed
    pair_floor: float = 0.30            # minimum score to pair two tasks of aligned blocks
    theme_bonus: float = 0.10           # added to the score, times the themes' Jaccard index
    agency_bonus: float = 0.05          # added when the blocks are the same agency (or its successor)
    move_threshold: float = 0.60        # similarity for MOVED (task in a non-aligned block) ...
    move_content: float = 0.50          # ... and on content tokens (those in <= 1/4 of the tasks)
    split_containment: float = 0.60     # share of a piece's tokens found in the whole (split/merge)
    split_min_tokens: int = 6           # pieces shorter than this never count for split/merge
    transfer_moved: float = 0.80        # /transfer/: a pair this similar is "moved", below "changed"

    @classmethod
    def from_config(cls, config: "Mapping | Policy | None") -> "Policy":
        if isinstance(config, Policy):
            return config
        config = dict(config or {})
        if "compare" in config and isinstance(config["compare"], Mapping):
            config = dict(config["compare"])  # the whole site_config was passed
        known = {f.name for f in fields(cls)}
        values = {}
        for k, v in config.items():
            if k not in known or v is None:
                continue
            default = getattr(cls, k)
            values[k] = type(default)(v) if not isinstance(default, bool) else bool(v)
        return cls(**values)


# --------------------------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------------------------


def _jsonable(value):
    if is_dataclass(value) and not isinstance(value, type):
        return value.to_dict() if hasattr(value, "to_dict") else {
            f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value


class _Serialisable:
    def to_dict(self) -> dict:
        out = {}
        for f in fields(self):
            if not f.metadata.get("json", True):
                continue
            v = getattr(self, f.name)
            as_keys = f.metadata.get("as_keys")
            out[f.name] = [x.key for x in v] if as_keys else _jsonable(v)
        return out


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token(_Serialisable):
    """One token: a syllable, a number, a punctuation mark, or a whole agency name."""
    text: str   # as written (NFC), with the whitespace that precedes it
    key: str    # diff key: NFC, one tone convention (case kept); "@<agency-id>" for agency names
    kind: str   # word | punct | agency


_WORD = r"\w+(?:(?:[/&\-–]|[.,](?=\d))\w+)*"
_TOKEN_RE = re.compile(rf"\s*(?:(?P<word>{_WORD})|(?P<punct>[^\w\s]))")
_DASHES = "-–—‐‑"
_AGENCY_CACHE: dict[int, tuple] = {}


def _alias_pattern(name: str) -> str:
    """A registry name -> a regex tolerant of dash variants and spacing."""
    name = tone_normalise(squash(name))
    out = []
    for part in re.split(r"(\s+|[" + _DASHES + r"]|&|,)", name):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part in _DASHES:
            out.append(r"\s*[" + _DASHES + r"]\s*")
        elif part in "&,":
            out.append(r"\s*" + re.escape(part) + r"\s*")
        else:
            out.append(re.escape(part))
    pattern = "".join(out)
    return re.sub(r"(\\s[*+])+", lambda m: r"\s*" if "*" in m.group(0) else r"\s+", pattern)


def _agency_matcher(registry: Registry | None):
    """A compiled regex of every agency name/alias (longest first) and the alias -> id index."""
    if registry is None:
        return None, {}, None
    cached = _AGENCY_CACHE.get(id(registry))
    if cached and cached[0] is registry:
        return cached[1], cached[2], cached[3]
    names: dict[str, str] = {}
    for aid, a in registry.agencies.items():
        for n in [a.get("vi"), a.get("short_vi"), *(a.get("aliases") or [])]:
            if n and len(squash(n)) >= 3:
                names.setdefault(_name_key(n), aid)
    ordered = sorted(names, key=lambda k: (-len(k), k))
    pattern = "|".join(_alias_pattern(n) for n in ordered)
    regex = re.compile(r"(?:" + pattern + r")(?!\w)", re.IGNORECASE) if ordered else None
    firsts = sorted({re.split(r"[\s\-–—&,]", n, maxsplit=1)[0] for n in ordered}, key=lambda x: (-len(x), x))
    starts = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, firsts)) + r")", re.IGNORECASE) if firsts else None
    fingerprint = tuple(sorted(names.items()))
    _AGENCY_CACHE[id(registry)] = (registry, (starts, regex), names, fingerprint)
    return (starts, regex), names, fingerprint


def _name_key(name: str) -> str:
    """Key for an agency name as written: one tone convention, lower case, dashes and spaces unified."""
    s = tone_normalise(squash(name)).lower()
    s = re.sub(r"\s*[" + _DASHES + r"]\s*", "-", s)
    s = re.sub(r"\s*([&,])\s*", r"\1 ", s)
    return squash(s).strip(" :;,.")


def _normalised(text: str) -> tuple[str, str]:
    """(NFC text, the same with one tone convention); both of the same length, position by position."""
    s = squash(nfc(text or ""))
    n = tone_normalise(s)
    if len(n) != len(s):  # never expected: the tone swap keeps lengths; stay safe
        n = s
    return s, n


def tokenize(text: str, registry: Registry | None = None) -> tuple[Token, ...]:
    """Vietnamese text -> syllable, number and punctuation tokens; registry agency names as one token.

    Keys are compared, texts displayed: ``hòa`` and ``hoà`` share the key ``hòa``; "Sở LĐTBXH" and
    "Sở Lao động - Thương binh và Xã hội" share the key ``@so-ldtbxh``.
    """
    matcher, names, fingerprint = _agency_matcher(registry)
    key = (text, fingerprint)
    hit = _TOKEN_CACHE.get(key)
    if hit is None:
        if len(_TOKEN_CACHE) > 20000:
            _TOKEN_CACHE.clear()
        hit = _TOKEN_CACHE[key] = _tokenize(text, registry, matcher, names)
    return hit


_TOKEN_CACHE: dict[tuple, tuple[Token, ...]] = {}


def _tokenize(text: str, registry, matcher, names) -> tuple[Token, ...]:
    s, n = _normalised(text)
    spans: list[tuple[int, int, str]] = []
    if matcher is not None and matcher[0] is not None:
        starts, regex = matcher
        last = 0
        for st in starts.finditer(n):
            if st.start() < last:
                continue
            m = regex.match(n, st.start())
            if not m:
                continue
            aid = names.get(_name_key(m.group(0)))
            if aid is None and registry is not None:
                aid = registry.resolve_agency(s[m.start():m.end()])
            if aid:
                spans.append((m.start(), m.end(), aid))
                last = m.end()
    out: list[Token] = []

    def plain(p: int, end: int) -> int:
        """Tokenise s[p:end]; return where the unconsumed (whitespace) tail starts."""
        # every non-space character starts a word or a punctuation mark: the matches are contiguous
        for m in _TOKEN_RE.finditer(n, p, end):
            st, en = m.span()
            w = m.start("word")
            if w >= 0:
                out.append(Token(s[st:en], n[w:en], "word"))
            else:
                out.append(Token(s[st:en], n[m.start("punct"):en], "punct"))
            p = en
        return p

    pos = 0
    for start, end, aid in spans:
        if start < pos:
            continue
        pos = plain(pos, start)
        out.append(Token(s[pos:end], "@" + aid, "agency"))
        pos = end
    plain(pos, len(s))
    return tuple(out)


ABBREVIATIONS = {
    # only for similarity: the diff shows the text as written
    "bđg": ("bình", "đẳng", "giới"),
    "vstbpn": ("vì", "sự", "tiến", "bộ", "của", "phụ", "nữ"),
    "hđnd": ("hội", "đồng", "nhân", "dân"),
    "ubnd": ("ủy", "ban", "nhân", "dân"),
    "bltcsg": ("bạo", "lực", "trên", "cơ", "sở", "giới"),
}


def similarity_tokens(tokens: Iterable[Token], registry: Registry | None = None) -> frozenset[str]:
    """The token set that similarity compares: lower-case words (abbreviations expanded) and agencies
    (by lineage root, so Sở LĐTBXH counts as Sở Nội vụ); no punctuation."""
    out = set()
    for t in tokens:
        if t.kind == "punct":
            continue
        if t.kind == "agency":
            aid = t.key[1:]
            out.add("@" + (registry.lineage_root(aid) if registry else aid))
        else:
            k = t.key.lower()
            if k in ABBREVIATIONS:
                out.update(ABBREVIATIONS[k])
            else:
                out.add(k)
    return frozenset(out)


def token_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of shared tokens (Dice coefficient over token sets): 2|A∩B| / (|A|+|B|)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def text_similarity(a: str, b: str, registry: Registry | None = None) -> float:
    return token_similarity(similarity_tokens(tokenize(a, registry), registry),
                            similarity_tokens(tokenize(b, registry), registry))


# --------------------------------------------------------------------------------------------
# Word diff
# --------------------------------------------------------------------------------------------

Op = tuple[str, str]  # ("equal" | "insert" | "delete", text)
_OPS = {0: "equal", 1: "insert", -1: "delete"}


def _encode(tokens, index: dict[str, str]) -> str:
    chars = []
    for t in tokens:
        ch = index.get(t.key)
        if ch is None:
            i = len(index)
            ch = chr(0xE000 + i) if i < 6400 else chr(0xF0000 + i - 6400)
            index[t.key] = ch
        chars.append(ch)
    return "".join(chars)


def _equal_len(diffs) -> int:
    return sum(len(t) for op, t in diffs if op == 0)


def diff_token_runs(ta: tuple[Token, ...], tb: tuple[Token, ...]) -> list[tuple[str, tuple[Token, ...]]]:
    """Token-level diff: [(op, tokens)], equal runs carrying b's tokens. diff-match-patch on tokens
    encoded as single characters (the lines-to-chars trick), no timeout, semantic cleanup."""
    index: dict[str, str] = {}
    ca, cb = _encode(ta, index), _encode(tb, index)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic, whatever the machine's speed
    diffs = dmp.diff_main(ca, cb, False)
    raw = list(diffs)
    dmp.diff_cleanupSemantic(diffs)
    # Guard: never let the cleanup turn a diff with real common text into delete-all/insert-all.
    if _equal_len(raw) and _equal_len(diffs) < 0.5 * _equal_len(raw):
        diffs = raw
    out = []
    ia = ib = 0
    for op, chars in diffs:
        k = len(chars)
        if op == 0:
            out.append(("equal", tuple(tb[ib:ib + k])))
            ia += k
            ib += k
        elif op == -1:
            out.append(("delete", tuple(ta[ia:ia + k])))
            ia += k
        else:
            out.append(("insert", tuple(tb[ib:ib + k])))
            ib += k
    return out


def _runs_to_ops(runs) -> tuple[Op, ...]:
    ops = [[op, "".join(t.text for t in toks)] for op, toks in runs if toks]
    # For a replacement, keep the space both sides share outside <ins>/<del>:
    # "x <del>foo</del><ins>bar</ins>", not "x<del> foo</del><ins> bar</ins>".
    i = 0
    while i < len(ops):
        if ops[i][0] == "equal":
            i += 1
            continue
        j = i
        while j < len(ops) and ops[j][0] != "equal":
            j += 1
        run = ops[i:j]
        kinds = {o[0] for o in run}
        if i > 0 and kinds == {"insert", "delete"} and all(o[1][:1].isspace() for o in run):
            for o in run:
                o[1] = o[1].lstrip()
            ops[i - 1][1] += " "
        i = j
    merged: list[list[str]] = []
    for op, text in ops:
        if merged and merged[-1][0] == op:
            merged[-1][1] += text
        elif text:
            merged.append([op, text])
    return tuple((op, text) for op, text in merged)


def word_diff(a: str, b: str, registry: Registry | None = None) -> tuple[Op, ...]:
    """Word-level diff of two texts: ((op, text), ...), op in equal / insert / delete."""
    return _runs_to_ops(diff_token_runs(tokenize(a, registry), tokenize(b, registry)))


# --------------------------------------------------------------------------------------------
# Result dataclasses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRef(_Serialisable):
    key: str
    slug: str
    province: str
    plan_id: str
    title: str
    number: str | None
    date: str | None
    year_from: int
    year_to: int

    @classmethod
    def of(cls, p: Plan) -> "PlanRef":
        return cls(p.key, p.slug, p.province, p.plan_id, p.title, p.number, p.date, p.year_from, p.year_to)


@dataclass(frozen=True)
class BlockRef(_Serialisable):
    """An agency block, or the "virtual" block of a content-section task's lead agency."""
    id: str
    name: str
    agencies: tuple[str, ...]
    ref: str
    mode: str
    virtual: bool = False


@dataclass(frozen=True)
class TaskRef(_Serialisable):
    plan: str              # plan key
    id: str
    ref: str
    block: str             # BlockRef.id
    agencies: tuple[str, ...]  # the block's agencies (or the content task's lead agencies)
    text: str
    themes: tuple[str, ...]

    @property
    def agency(self) -> str:
        return self.agencies[0] if self.agencies else ""


@dataclass(frozen=True)
class TaskPair(_Serialisable):
    """Tasks of a and b that correspond (or a task of one side alone).

    kind: paired | moved | split (one a, several b) | merged (several a, one b) | added | dropped.
    status: unchanged | changed | replaced, or None for added / dropped.
    ops: the word diff (a's text -> b's text); for replaced, one delete and one insert.
    mechanical: the only changes are agency names renamed by the restructuring.
    """
    key: str
    kind: str
    status: str | None
    a: tuple[TaskRef, ...]
    b: tuple[TaskRef, ...]
    similarity: float
    ops: tuple[Op, ...]
    mechanical: bool = False


@dataclass(frozen=True)
class BlockPair(_Serialisable):
    """Aligned blocks. kind: same | joint | lineage, or dropped (a only) / added (b only).

    rename: the block is a pure rename by the restructuring (a's agencies map through the lineage
    onto exactly b's agencies); acts: the legal acts behind the lineage steps used.
    """
    key: str
    kind: str
    a: BlockRef | None
    b: BlockRef | None
    rename: bool
    acts: tuple[str, ...]
    lineage: tuple[tuple[str, str], ...]  # (predecessor, successor) steps used
    tasks: tuple[TaskPair, ...] = field(default=(), metadata={"as_keys": True})


@dataclass(frozen=True)
class Event(_Serialisable):
    """A reassignment above the text.

    scope: role (a key role of the plan) | task (a task that changed agency).
    kind: restructuring (after is before's successor for that function) | reassigned |
          added (role newly stated) | dropped (no longer stated).
    """
    scope: str
    kind: str
    role: str | None
    before: str | None
    after: str | None
    acts: tuple[str, ...] = ()
    where_before: str | None = None
    where_after: str | None = None
    task_pair: str | None = None  # TaskPair.key for task events


@dataclass(frozen=True)
class Summary(_Serialisable):
    unchanged: int
    changed: int
    replaced: int
    moved: int
    split: int
    merged: int
    added: int
    dropped: int
    renames: int                 # block pairs that are pure renames by the restructuring
    mechanical: int              # paired tasks whose only change is a renamed agency
    role_events: int
    restructuring_events: int    # role and task events explained by the restructuring
    moved_to: tuple[tuple[str, int], ...]  # agency -> tasks that came to it from another agency
    headline_en: str
    headline_vi: str


@dataclass(frozen=True)
class Comparison(_Serialisable):
    slug: str
    a: PlanRef
    b: PlanRef
    threshold: float
    block_pairs: tuple[BlockPair, ...]
    tasks: tuple[TaskPair, ...]
    events: tuple[Event, ...]
    summary: Summary


# --------------------------------------------------------------------------------------------
# Dates and lineage
# --------------------------------------------------------------------------------------------


def plan_date(plan: Plan) -> str:
    """The date the plan is read at: its document date, else 1 January of its first year."""
    return plan.date or f"{plan.year_from}-01-01"


def successor_steps(registry: Registry, agency: str, theme: str | None, on: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """The lineage from `agency` for `theme`, as of date `on`: [(from, to, acts)], chained."""
    steps = []
    seen = {agency}
    cur = agency
    for _ in range(8):
        s = registry.successor(cur, theme)
        if not s or (s.get("effective") or "") > on or s["agency"] in seen:
            break
        steps.append((cur, s["agency"], tuple(s.get("acts") or ())))
        cur = s["agency"]
        seen.add(cur)
    return steps


def _mapped(registry: Registry, agencies: Iterable[str], themes: Iterable[str], on: str) -> dict[str, list]:
    """agency of a -> {agency it stands for at date `on`: [lineage steps]} (itself with no steps)."""
    out: dict[str, list] = {}
    themes = sorted(set(themes)) or [None]
    for ag in agencies:
        out.setdefault(ag, [])
        for th in [*themes, None]:
            steps = successor_steps(registry, ag, th, on)
            for i in range(len(steps)):
                out.setdefault(steps[i][1], steps[:i + 1])
    return out


# --------------------------------------------------------------------------------------------
# Units: blocks, and virtual blocks for content-section tasks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    ref: BlockRef
    tasks: tuple[Task, ...]
    order: int


def _task_agencies(task: Task) -> tuple[str, ...]:
    if task.block is not None:
        return task.block.agencies
    for wanted in ("lead", "responsible"):
        ags = tuple(r.agency for r in task.item.roles if r.role == wanted)
        if ags:
            return ags
    return tuple(r.agency for r in task.item.roles) or ("unknown",)


def _units(plan: Plan, registry: Registry) -> list[_Unit]:
    units: list[_Unit] = []
    by_block: dict[str, list[Task]] = {}
    for t in plan.tasks:
        if t.block is not None:
            by_block.setdefault(t.block.id, []).append(t)
    for b in plan.blocks:
        units.append(_Unit(BlockRef(b.id, b.name, b.agencies, b.ref, b.mode), tuple(by_block.get(b.id, ())),
                           len(units)))
    virtual: dict[tuple[str, ...], list[Task]] = {}
    for t in plan.tasks:
        if t.block is None:
            virtual.setdefault(_task_agencies(t), []).append(t)
    for ags, tasks in virtual.items():
        name = ", ".join(registry.agencies.get(a, {}).get("short_vi") or registry.agency_name(a) for a in ags)
        units.append(_Unit(BlockRef("content--" + "--".join(ags), name, ags, tasks[0].item.ref, "directed", True),
                           tuple(tasks), len(units)))
    return units


def _task_ref(plan: Plan, unit: _Unit, task: Task) -> TaskRef:
    return TaskRef(plan.key, task.id, task.item.ref, unit.ref.id, unit.ref.agencies,
                   squash(nfc(task.item.full_text)), tuple(task.item.themes))


# --------------------------------------------------------------------------------------------
# Pair building
# --------------------------------------------------------------------------------------------


class _Side:
    """Per-call cache of one plan's tasks: refs, tokens, similarity sets."""

    def __init__(self, plan: Plan, registry: Registry):
        self.plan = plan
        self.units = _units(plan, registry)
        self.tasks: list[TaskRef] = []
        self.unit_of: list[int] = []
        for u in self.units:
            for t in u.tasks:
                self.tasks.append(_task_ref(plan, u, t))
                self.unit_of.append(u.order)
        self.tokens = [tokenize(t.text, registry) for t in self.tasks]
        self.sets = [similarity_tokens(tk, registry) for tk in self.tokens]


def _theme_jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


def _pair_ops(ta, tb, sim: float, threshold: float, a_text: str, b_text: str, registry: Registry, on: str):
    """-> (status, ops, mechanical)"""
    if [t.key for t in ta] == [t.key for t in tb]:
        return "unchanged", (("equal", b_text),) if b_text else (), False
    if sim < threshold:
        return "replaced", tuple(x for x in (("delete", a_text), ("insert", b_text)) if x[1]), False
    runs = diff_token_runs(ta, tb)
    return "changed", _runs_to_ops(runs), _mechanical(runs, registry, on)


def _mechanical(runs, registry: Registry, on: str) -> bool:
    """True when every change is an agency name replaced by its successor (a rename, nothing else)."""
    deleted, inserted = [], []
    for op, toks in runs:
        if op == "equal":
            continue
        for t in toks:
            if t.kind != "agency":
                return False
            (deleted if op == "delete" else inserted).append(t.key[1:])
    if not deleted or not inserted:
        return False
    succ = set()
    for d in deleted:
        succ |= {s[1] for s in successor_steps(registry, d, None, on)}
    return set(inserted) <= succ


def _greedy(cands: list[tuple[float, int, int]], used_a: set, used_b: set) -> list[tuple[int, int, float]]:
    out = []
    for neg, i, j in sorted(cands):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, -neg))
    return out


def _groups(n_whole, n_piece, whole_sets, piece_sets, paired, used_pieces, aligned, sim, pol) -> dict[int, tuple[int, ...]]:
    """Wholes (by index) -> the pieces that together re-state them (split or merge detection)."""
    def contained(piece: frozenset, whole: frozenset) -> float:
        return len(piece & whole) / len(piece) if piece else 0.0

    out: dict[int, tuple[int, ...]] = {}
    taken: set[int] = set()
    for w in range(n_whole):
        whole = whole_sets[w]
        if len(whole) < pol.split_min_tokens:
            continue
        current = paired.get(w)
        cands = []
        for p in range(n_piece):
            if p in taken or (p in used_pieces and p != current) or not aligned(w, p):
                continue
            piece = piece_sets[p]
            if len(piece) < pol.split_min_tokens or sim(w, p) < pol.pair_floor:
                continue
            if contained(piece, whole) >= pol.split_containment:
                cands.append(p)
        if len(cands) < 2:
            continue
        chosen: list[int] = []
        covered: frozenset = frozenset()
        if current is not None:
            chosen, covered = [current], piece_sets[current] & whole
        while True:  # greedy set cover: the piece that adds most of the whole, deterministic ties
            best = None
            for p in cands:
                if p in chosen:
                    continue
                gain = len((piece_sets[p] & whole) - covered)
                if gain >= max(3, 0.15 * len(whole)) and (best is None or gain > best[0]):
                    best = (gain, p)
            if best is None:
                break
            chosen.append(best[1])
            covered |= piece_sets[best[1]] & whole
        if len(chosen) < 2:
            continue
        single = max(len(piece_sets[p] & whole) for p in chosen)
        if len(covered) >= 0.6 * len(whole) and len(covered) - single >= 0.15 * len(whole):
            out[w] = tuple(sorted(chosen))
            taken.update(chosen)
    return out


def compare(a: Plan, b: Plan, registry: Registry, policy: "Mapping | Policy | None" = None) -> Comparison:
    """Compare plan `a` (older) with plan `b` (newer)."""
    pol = Policy.from_config(policy)
    on = plan_date(b)
    A, B = _Side(a, registry), _Side(b, registry)

    # 1. Align units.
    edges: dict[tuple[int, int], dict] = {}
    for ua in A.units:
        themes = {th for t in ua.tasks for th in t.item.themes}
        mapped = _mapped(registry, ua.ref.agencies, themes, on)
        for ub in B.units:
            direct = set(ua.ref.agencies) & set(ub.ref.agencies)
            via = {ag: mapped[ag] for ag in ub.ref.agencies if ag in mapped and mapped[ag]}
            if not direct and not via:
                continue
            steps = sorted({(s[0], s[1], s[2]) for ag in sorted(via) for s in via[ag]})
            if set(ua.ref.agencies) == set(ub.ref.agencies):
                kind = "same"
            elif not direct:
                kind = "lineage"
            else:
                kind = "joint"
            # Pure rename: each of a's agencies stands for (itself or its successor) an agency of b,
            # and together they are exactly b's agencies; at least one lineage step.
            image = set()
            for ag in ua.ref.agencies:
                succ = [x for x in ub.ref.agencies if x in mapped and mapped[x] and mapped[x][0][0] == ag]
                image.update(succ or [ag])
            rename = bool(steps) and not direct and image == set(ub.ref.agencies)
            acts = tuple(sorted({act for s in steps for act in s[2]}))
            edges[(ua.order, ub.order)] = dict(kind=kind, rename=rename, acts=acts,
                                               lineage=tuple((s[0], s[1]) for s in steps))

    # 2. Pair tasks inside aligned units.
    n_a, n_b = len(A.tasks), len(B.tasks)
    sims: dict[tuple[int, int], float] = {}

    def sim(i: int, j: int) -> float:
        v = sims.get((i, j))
        if v is None:
            v = sims[(i, j)] = round(token_similarity(A.sets[i], B.sets[j]), 6)
        return v

    cands = []
    for i in range(n_a):
        for j in range(n_b):
            e = edges.get((A.unit_of[i], B.unit_of[j]))
            if e is None:
                continue
            s = sim(i, j)
            score = s + pol.theme_bonus * _theme_jaccard(A.tasks[i].themes, B.tasks[j].themes)
            score += pol.agency_bonus if e["kind"] in ("same", "lineage") else 0.0
            if s >= pol.pair_floor * 0.75 and score >= pol.pair_floor:
                cands.append((-round(score, 6), i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = {i: j for i, j, _ in _greedy(cands, used_a, used_b)}

    # 3. Split (one a -> several b) and merged (several a -> one b), inside aligned units only.
    #    Judged on content tokens (tokens in more than a quarter of both plans' tasks are ignored):
    #    each piece must be mostly contained in the whole and cover a part of it no other piece covers.
    df: dict[str, int] = {}
    for st in (*A.sets, *B.sets):
        for tkn in st:
            df[tkn] = df.get(tkn, 0) + 1
    common = {tkn for tkn, c in df.items() if c > max(3, 0.25 * (n_a + n_b))}
    ca_sets = [st - common for st in A.sets]
    cb_sets = [st - common for st in B.sets]
    splits = _groups(n_a, n_b, ca_sets, cb_sets, pairs, used_b, lambda w, p: (A.unit_of[w], B.unit_of[p]) in edges,
                     lambda w, p: sim(w, p), pol)
    for w, ps in splits.items():
        pairs.pop(w, None)
        used_a.add(w)
        used_b.update(ps)
    rev = {j: i for i, j in pairs.items()}
    merges = _groups(n_b, n_a, cb_sets, ca_sets, rev, used_a, lambda w, p: (A.unit_of[p], B.unit_of[w]) in edges,
                     lambda w, p: sim(p, w), pol)
    for w, ps in merges.items():
        if w in rev:
            pairs.pop(rev.pop(w), None)
        used_b.add(w)
        used_a.update(ps)

    # 4. Moved: an a-task highly similar to a b-task of a non-aligned unit, both unpaired or only
    #    weakly paired (below the threshold: a strong move beats a "replaced" pair).
    weak_a = {i for i, j in pairs.items() if sim(i, j) < pol.similarity_threshold}
    weak_b = {pairs[i] for i in weak_a}
    cands = []
    for i in range(n_a):
        if i in used_a and i not in weak_a:
            continue
        for j in range(n_b):
            if (j in used_b and j not in weak_b) or (A.unit_of[i], B.unit_of[j]) in edges:
                continue
            s = sim(i, j)
            if s >= pol.move_threshold and token_similarity(ca_sets[i], cb_sets[j]) >= pol.move_content:
                cands.append((-s, i, j))
    free_a = set(used_a) - weak_a
    free_b = set(used_b) - weak_b
    moves = {i: j for i, j, _ in _greedy(cands, free_a, free_b)}
    for i, j in moves.items():
        if i in pairs:
            used_b.discard(pairs.pop(i))
        for i2 in [k for k, v in pairs.items() if v == j]:
            used_a.discard(i2)
            pairs.pop(i2)
        used_a.add(i)
        used_b.add(j)

    # 5. Build the TaskPairs, in b's order (then a's leftovers in a's order).
    def make(kind, ia: tuple[int, ...], ib: tuple[int, ...]) -> TaskPair:
        ra = tuple(A.tasks[i] for i in ia)
        rb = tuple(B.tasks[j] for j in ib)
        key = "+".join(t.id for t in ra) + "--" + "+".join(t.id for t in rb)
        if not ia or not ib:
            text = (ra or rb)[0].text
            return TaskPair(key, kind, None, ra, rb, 0.0, ((("delete" if ra else "insert"), text),))
        ta = tuple(t for i in ia for t in A.tokens[i])
        tb = tuple(t for j in ib for t in B.tokens[j])
        sa = frozenset().union(*(A.sets[i] for i in ia))
        sb = frozenset().union(*(B.sets[j] for j in ib))
        s = round(token_similarity(sa, sb), 4)
        a_text = " ".join(t.text for t in ra)
        b_text = " ".join(t.text for t in rb)
        status, ops, mech = _pair_ops(ta, tb, s, pol.similarity_threshold, a_text, b_text, registry, on)
        return TaskPair(key, kind, status, ra, rb, s, ops, mech)

    placed: list[tuple[tuple, TaskPair]] = []
    for i, j in pairs.items():
        placed.append(((0, j, i), make("paired", (i,), (j,))))
    for i, j in moves.items():
        placed.append(((0, j, i), make("moved", (i,), (j,))))
    for i, js in splits.items():
        placed.append(((0, js[0], i), make("split", (i,), js)))
    for j, is_ in merges.items():
        placed.append(((0, j, is_[0]), make("merged", is_, (j,))))
    for j in range(n_b):
        if j not in used_b:
            placed.append(((0, j, -1), make("added", (), (j,))))
    for i in range(n_a):
        if i not in used_a:
            placed.append(((1, i, 0), make("dropped", (i,), ())))
    placed.sort(key=lambda x: x[0])
    task_pairs = tuple(tp for _, tp in placed)

    # 6. Block pairs, each with the task pairs that live in it (a moved task lives in both).
    a_unit = {u.ref.id: u.order for u in A.units}
    b_unit = {u.ref.id: u.order for u in B.units}
    rank = {"same": 0, "lineage": 1, "joint": 2}
    home_a: dict[int, tuple] = {}
    home_b: dict[int, tuple] = {}
    for (ia, ib), e in sorted(edges.items(), key=lambda kv: (rank[kv[1]["kind"]], kv[0])):
        home_a.setdefault(ia, (ia, ib))
        home_b.setdefault(ib, (ia, ib))
    in_pair: dict[tuple, list[TaskPair]] = {}
    for tp in task_pairs:
        homes = []
        if tp.kind in ("paired", "split", "merged"):
            homes = [next(((a_unit[x.block], b_unit[y.block]) for x in tp.a for y in tp.b
                           if (a_unit[x.block], b_unit[y.block]) in edges),
                          home_a.get(a_unit[tp.a[0].block], ("a", a_unit[tp.a[0].block])))]
        if tp.kind in ("moved", "dropped"):
            ia = a_unit[tp.a[0].block]
            homes.append(home_a.get(ia, ("a", ia)))
        if tp.kind in ("moved", "added"):
            ib = b_unit[tp.b[0].block]
            homes.append(home_b.get(ib, ("b", ib)))
        for h in dict.fromkeys(homes):
            in_pair.setdefault(h, []).append(tp)
    placed_bp = []
    for (ia, ib), e in edges.items():
        ua, ub = A.units[ia], B.units[ib]
        placed_bp.append(((ub.order, ua.order), BlockPair(
            f"{ua.ref.id}--{ub.ref.id}", e["kind"], ua.ref, ub.ref, e["rename"], e["acts"], e["lineage"],
            tuple(in_pair.get((ia, ib), ())))))
    aligned_a = {ia for ia, _ in edges}
    aligned_b = {ib for _, ib in edges}
    for u in A.units:
        if u.order not in aligned_a:
            placed_bp.append(((len(B.units), u.order), BlockPair(
                f"{u.ref.id}--", "dropped", u.ref, None, False, (), (), tuple(in_pair.get(("a", u.order), ())))))
    for u in B.units:
        if u.order not in aligned_b:
            placed_bp.append(((u.order, -1), BlockPair(
                f"--{u.ref.id}", "added", None, u.ref, False, (), (), tuple(in_pair.get(("b", u.order), ())))))
    placed_bp.sort(key=lambda x: x[0])
    block_pairs = tuple(bp for _, bp in placed_bp)

    # 7. Events and summary.
    events = role_events(a, b, registry) + _task_events(task_pairs, registry, on)
    summary = _summary(task_pairs, block_pairs, events, registry)
    return Comparison(comparison_slug(a, b), PlanRef.of(a), PlanRef.of(b), pol.similarity_threshold,
                      block_pairs, task_pairs, events, summary)


def comparison_slug(a: Plan, b: Plan) -> str:
    return f"{a.slug}--{b.slug}"


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------

ROLE_THEMES = {
    "proposer": "coordination", "lead": "coordination", "report_recipient": "reporting",
    "committee_standing_body": "committee", "action_month": "action-month",
    "inspection": "inspection", "statistics": "statistics",
}


def _role_agency(plan: Plan, role: str) -> tuple[str | None, str | None]:
    kr = plan.key_role(role)
    if kr is not None:
        return kr.agency, kr.where
    if role == "lead" and plan.lead_agency:
        return plan.lead_agency, None
    if role == "report_recipient" and plan.report_recipient:
        return plan.report_recipient, None
    if role == "proposer" and plan.proposal and plan.proposal.get("agency"):
        return plan.proposal["agency"], "preamble"
    return None, None


def classify_change(registry: Registry, before: str | None, after: str | None, theme: str | None, on: str) -> tuple[str, tuple[str, ...]]:
    """-> (kind, acts): restructuring when `after` is `before`'s successor for `theme` at date `on`."""
    if before is None:
        return "added", ()
    if after is None:
        return "dropped", ()
    steps = successor_steps(registry, before, theme, on)
    for k, (_, to, _) in enumerate(steps):
        if to == after:
            return "restructuring", tuple(sorted({act for s in steps[:k + 1] for act in s[2]}))
    return "reassigned", ()


def role_events(a: Plan, b: Plan, registry: Registry) -> tuple[Event, ...]:
    """Key roles whose agency differs between a and b (lead falls back to Plan.lead_agency)."""
    on = plan_date(b)
    out = []
    for role in KEY_ROLE_NAMES:
        before, wb = _role_agency(a, role)
        after, wa = _role_agency(b, role)
        if before == after:
            continue
        kind, acts = classify_change(registry, before, after, ROLE_THEMES.get(role), on)
        out.append(Event("role", kind, role, before, after, acts, wb, wa))
    return tuple(out)


def _task_events(task_pairs: tuple[TaskPair, ...], registry: Registry, on: str) -> tuple[Event, ...]:
    out = []
    for tp in task_pairs:
        if not tp.a or not tp.b:
            continue
        before = tp.a[0].agencies
        after_ags = {ag for t in tp.b for ag in t.agencies}
        if set(before) & after_ags:
            continue  # still (also) the same agency's task
        after = tp.b[0].agency
        themes = sorted({th for t in tp.a for th in t.themes}) or [None]
        kind, acts = "reassigned", ()
        for th in themes:
            k, ac = classify_change(registry, before[0], after, th, on)
            if k == "restructuring":
                kind, acts = k, ac
                break
        out.append(Event("task", kind, None, before[0], after, acts,
                         tp.a[0].ref, tp.b[0].ref, tp.key))
    return tuple(out)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(task_pairs, block_pairs, events, registry: Registry) -> Summary:
    count = lambda **kw: sum(all(getattr(tp, k) == v for k, v in kw.items()) for tp in task_pairs)
    paired_kinds = ("paired",)
    unchanged = sum(tp.kind in paired_kinds and tp.status == "unchanged" for tp in task_pairs)
    changed = sum(tp.kind in paired_kinds and tp.status == "changed" for tp in task_pairs)
    replaced = sum(tp.kind in paired_kinds and tp.status == "replaced" for tp in task_pairs)
    moved_to: dict[str, int] = {}
    for e in events:
        if e.scope == "task" and e.after:
            moved_to[e.after] = moved_to.get(e.after, 0) + 1
    moved_to_t = tuple(sorted(moved_to.items(), key=lambda kv: (-kv[1], kv[0])))
    added, dropped = count(kind="added"), count(kind="dropped")
    split, merged, moved = count(kind="split"), count(kind="merged"), count(kind="moved")
    name = lambda aid: registry.agencies.get(aid, {}).get("short_vi") or registry.agency_name(aid)
    en, vi = [], []
    for aid, n in moved_to_t[:3]:
        en.append(f"{_plural(n, 'task', 'tasks')} moved to {name(aid)}")
        vi.append(f"{n} nhiệm vụ chuyển sang {name(aid)}")
    rest = sum(n for _, n in moved_to_t[3:])
    if rest:
        en.append(f"{rest} moved to other agencies")
        vi.append(f"{rest} chuyển sang cơ quan khác")
    if split:
        en.append(f"{split} split")
        vi.append(f"{split} tách ra")
    if merged:
        en.append(f"{merged} merged")
        vi.append(f"{merged} gộp lại")
    mechanical = sum(tp.mechanical for tp in task_pairs if tp.kind == "paired")
    if changed + replaced - mechanical:
        en.append(f"{changed + replaced - mechanical} reworded")
        vi.append(f"{changed + replaced - mechanical} sửa đổi")
    if mechanical:
        en.append(f"{mechanical} with only an agency renamed")
        vi.append(f"{mechanical} chỉ đổi tên cơ quan")
    if added:
        en.append(f"{added} new")
        vi.append(f"{added} mới")
    if dropped:
        en.append(f"{dropped} dropped")
        vi.append(f"{dropped} bỏ")
    headline_en = ", ".join(en) if en else "No change in the tasks"
    headline_vi = ", ".join(vi) if vi else "Không thay đổi về nhiệm vụ"
    role_ev = [e for e in events if e.scope == "role"]
    return Summary(
        unchanged=unchanged, changed=changed, replaced=replaced, moved=moved, split=split, merged=merged,
        added=added, dropped=dropped, renames=sum(bp.rename for bp in block_pairs),
        mechanical=sum(tp.mechanical for tp in task_pairs), role_events=len(role_ev),
        restructuring_events=sum(e.kind == "restructuring" for e in events),
        moved_to=moved_to_t, headline_en=headline_en, headline_vi=headline_vi,
    )


# --------------------------------------------------------------------------------------------
# Transfer view: a lineage's tasks before and after the restructuring
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferItem(_Serialisable):
    """kind: moved | changed | new | dropped | kept | pending (see :func:`transfer`)."""
    kind: str
    theme: str
    a: TaskRef | None
    b: TaskRef | None
    similarity: float
    ops: tuple[Op, ...]
    status: str | None = None


@dataclass(frozen=True)
class TransferGroup(_Serialisable):
    theme: str
    items: tuple[TransferItem, ...]
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Transfer(_Serialisable):
    predecessor: str
    successor: str
    effective: str
    acts: tuple[str, ...]
    themes: tuple[str, ...]   # the themes the lineage hands over ("()" = all)
    before: tuple[str, ...]   # plan keys dated before `effective`
    after: tuple[str, ...]    # plan keys dated on/after it
    groups: tuple[TransferGroup, ...]
    counts: tuple[tuple[str, int], ...]


def lineages(registry: Registry) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """Every (predecessor, successor, effective, acts) of the registry, for the /transfer/ index."""
    out = []
    for aid, a in registry.agencies.items():
        for s in a.get("successors") or []:
            out.append((aid, s["agency"], s.get("effective") or "", tuple(s.get("acts") or ())))
    return tuple(sorted(out))


def reference_plans(plan: Plan, plans: Iterable[Plan], registry: Registry, cutoff: str,
                    latest_only: bool = False) -> list[Plan]:
    """The pre-`cutoff` plans a later plan is read against: its province's (and those merged into it
    by the plan's date), otherwise every pre-cutoff plan; with `latest_only`, the latest of each province."""
    before = [p for p in plans if plan_date(p) < cutoff]
    provinces = {plan.province}
    for pid, prov in registry.provinces.items():
        if prov.get("merged_into") == plan.province and (prov.get("valid_to") or "9999") < plan_date(plan):
            provinces.add(pid)
    own = [p for p in before if p.province in provinces]
    chosen = _sorted_plans(own or before)
    if latest_only:
        latest = {p.province: p for p in chosen}  # sorted by date: the last one per province wins
        chosen = _sorted_plans(latest.values())
    return chosen


def _sorted_plans(plans: Iterable[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda p: (plan_date(p), p.province, p.plan_id))


def transfer(plans: Iterable[Plan], registry: Registry, predecessor: str, successor: str | None = None,
             policy: "Mapping | Policy | None" = None) -> Transfer:
    """The predecessor's tasks in plans dated before the lineage's effective date against the
    successor's tasks in plans dated on/after it.

    Each later plan is read against its reference plans (:func:`reference_plans`); in each
    (reference, later) pair, tasks are paired one-to-one by similarity. Kinds: moved (similarity >=
    ``transfer_moved``: the same task, now the successor's), changed (paired, reworded), new (a later
    task no reference task matches), dropped (a predecessor task no later plan took over), kept (a
    later task matching the successor's own earlier task), pending (no plan after the date yet).
    Items are grouped under their task's first theme (b's for pairs and new tasks); only tasks with a
    theme the lineage hands over count (all themes when the registry lists none).
    """
    pol = Policy.from_config(policy)
    succ = None
    for s in registry.agencies.get(predecessor, {}).get("successors") or []:
        if s["agency"] == successor or (successor is None and s.get("primary")):
            succ = s
            break
    if succ is None:
        raise ValueError(f"no lineage {predecessor} -> {successor}")
    successor = succ["agency"]
    effective = succ.get("effective") or pol.restructuring_date
    handed = tuple(succ.get("themes") or ())
    plans = _sorted_plans(plans)
    before = [p for p in plans if plan_date(p) < effective]
    after = [p for p in plans if plan_date(p) >= effective]

    def gather(p: Plan, agency: str) -> list[TaskRef]:
        out = []
        for u in _units(p, registry):
            if agency in u.ref.agencies:
                out.extend(_task_ref(p, u, t) for t in u.tasks
                           if not handed or set(t.item.themes) & set(handed))
        return out

    cache: dict[tuple[str, str], tuple] = {}

    def info(tr: TaskRef):
        k = (tr.plan, tr.id)
        if k not in cache:
            tk = tokenize(tr.text, registry)
            cache[k] = (tk, similarity_tokens(tk, registry))
        return cache[k]

    def theme_of(tr: TaskRef) -> str:
        for th in tr.themes:
            if not handed or th in handed:
                return th
        return tr.themes[0] if tr.themes else ""

    items: list[TransferItem] = []
    took_over: set[tuple[str, str]] = set()  # predecessor tasks some later task took over
    read: set[str] = set()                   # reference plans read by some later plan
    for p in after:
        post = gather(p, successor)
        matched_post: set[int] = set()
        for ref in reference_plans(p, plans, registry, effective):
            read.add(ref.key)
            pre = gather(ref, predecessor)
            own = gather(ref, successor)
            olds = pre + own
            cands = []
            for i, u in enumerate(olds):
                for j, t in enumerate(post):
                    sv = token_similarity(info(u)[1], info(t)[1])
                    if sv >= pol.pair_floor:
                        cands.append((-round(sv, 6), i, j))
            for i, j, sv in _greedy(cands, set(), set()):
                u, t = olds[i], post[j]
                sv = round(sv, 4)
                status, ops, _ = _pair_ops(info(u)[0], info(t)[0], sv, pol.similarity_threshold,
                                           u.text, t.text, registry, plan_date(p))
                if i >= len(pre):
                    kind = "kept"
                elif sv >= pol.transfer_moved or status == "unchanged":
                    kind = "moved"
                else:
                    kind = "changed"
                if i < len(pre):
                    took_over.add((u.plan, u.id))
                matched_post.add(j)
                items.append(TransferItem(kind, theme_of(t), u, t, sv, ops, status))
        for j, t in enumerate(post):
            if j not in matched_post:
                items.append(TransferItem("new", theme_of(t), None, t, 0.0, (("insert", t.text),)))
    for ref in before:
        for u in gather(ref, predecessor):
            if (u.plan, u.id) in took_over:
                continue
            kind = "dropped" if ref.key in read else "pending"
            items.append(TransferItem(kind, theme_of(u), u, None, 0.0, (("delete", u.text),)))

    kinds = ("moved", "changed", "new", "dropped", "kept", "pending")
    rank = {k: n for n, k in enumerate(kinds)}
    order = {th: n for n, th in enumerate(registry.themes)}
    items.sort(key=lambda it: (order.get(it.theme, len(order)), it.theme, rank[it.kind],
                               (it.b or it.a).plan, (it.b or it.a).ref, it.a.plan if it.a else "", it.a.ref if it.a else ""))
    groups = []
    for th in dict.fromkeys(it.theme for it in items):
        its = tuple(it for it in items if it.theme == th)
        groups.append(TransferGroup(th, its, tuple((k, sum(it.kind == k for it in its)) for k in kinds)))
    counts = tuple((k, sum(it.kind == k for it in items)) for k in kinds)
    return Transfer(predecessor, successor, effective, tuple(succ.get("acts") or ()), handed,
                    tuple(p.key for p in before), tuple(p.key for p in after), tuple(groups), counts)


# --------------------------------------------------------------------------------------------
# Publishing policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishPair(_Serialisable):
    a: str        # older plan key
    b: str        # newer plan key
    slug: str     # "<province>-<plan-id>--<province>-<plan-id>"
    reasons: tuple[str, ...]  # consecutive | across_2025 | all_pairs


def publish_pairs(plans: Iterable[Plan], registry: Registry, policy: "Mapping | Policy | None" = None) -> tuple[PublishPair, ...]:
    """The comparisons the site publishes (site_config.yml `compare:`), older plan first, in a stable order."""
    pol = Policy.from_config(policy)
    plans = _sorted_plans(plans)
    order = {p.key: n for n, p in enumerate(plans)}
    reasons: dict[tuple[str, str], set[str]] = {}

    def add(x: Plan, y: Plan, why: str):
        if x.key == y.key:
            return
        if order[x.key] > order[y.key]:
            x, y = y, x
        reasons.setdefault((x.key, y.key), set()).add(why)

    if pol.consecutive:
        by_prov: dict[str, list[Plan]] = {}
        for p in plans:
            by_prov.setdefault(p.province, []).append(p)
        for ps in by_prov.values():
            for x, y in zip(ps, ps[1:]):
                add(x, y, "consecutive")
    if pol.across_2025:
        for p in plans:
            if plan_date(p) >= pol.restructuring_date:
                for q in reference_plans(p, plans, registry, pol.restructuring_date, pol.latest_reference_only):
                    add(q, p, "across_2025")
    if len(plans) < pol.all_pairs_below:
        for n, x in enumerate(plans):
            for y in plans[n + 1:]:
                add(x, y, "all_pairs")
    by_key = {p.key: p for p in plans}
    out = [PublishPair(x, y, comparison_slug(by_key[x], by_key[y]), tuple(sorted(r)))
           for (x, y), r in reasons.items()]
    out.sort(key=lambda pp: (order[pp.a], order[pp.b]))
    return tuple(out)


__all__ = [
    "Policy", "Token", "tokenize", "similarity_tokens", "token_similarity", "text_similarity",
    "diff_token_runs", "word_diff", "PlanRef", "BlockRef", "TaskRef", "TaskPair", "BlockPair", "Event",
    "Summary", "Comparison", "compare", "comparison_slug", "plan_date", "successor_steps",
    "classify_change", "role_events", "TransferItem", "TransferGroup", "Transfer", "lineages",
    "reference_plans", "transfer", "PublishPair", "publish_pairs",
]
