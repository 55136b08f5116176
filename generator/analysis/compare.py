"""Comparison engine: align two plans, pair their tasks, diff the paired texts. No I/O, no module state.

Design (shared/reference/comparison-design.md): align first, then diff.

1. Agency blocks of plan ``a`` (older) and ``b`` (newer) are aligned through the registry's lineage
   crosswalk (Sở LĐTBXH -> Sở Nội vụ once ``b`` is dated on/after the successor's ``effective``
   date; the successor is chosen per theme with :meth:`Registry.successor_steps`), then same agency
   with same agency; joint blocks align when they share an agency. Tasks of content sections
   (``Task.block is None``) take part as tasks of their lead agency (a "virtual" block).
2. Inside aligned blocks, tasks are paired by token-set similarity plus a theme bonus (greedy,
   deterministic). Then SPLIT / MERGED tasks, then tasks MOVED to a non-aligned block; the rest
   are ADDED / DROPPED.
3. Paired tasks get a word-level diff (diff-match-patch over syllable/punctuation tokens encoded
   as single characters, agency names as one token, NFC + one tone convention), or are shown as
   REPLACED below the similarity threshold.
4. Key roles (proposer, lead, report recipient, ...) and task moves become events; a summary
   counts them and lists its headline as language-free phrases ``(kind, count, agency id)``
   (:data:`HEADLINE_KINDS`); the templates word them.
5. The comparison says what kind it is (successions.py): a *succession* (one province's plans in
   time order, through the 2025 mergers) labels each task with a change (:data:`SUCCESSION_CHANGES`:
   kept, changed, moved, split, merged, new, dropped); a *parallel* comparison (two provinces) only
   with :data:`PARALLEL_CHANGES` (in both, in A only, in B only), and highlights words only between
   tasks similar above the threshold. Against a partial text, what it does not hold is
   ``outside_text``, never new or dropped.

An :class:`Engine` is made once per registry and policy (one per analysis): it holds the
agency-name matcher and the token cache. The module-level functions with the same names make a
fresh Engine per call, for callers with a single question.

Everything returned is a frozen dataclass with ``to_dict()`` (JSON-ready); the same inputs give the
same output, in a stable order.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property

from diff_match_patch import diff_match_patch

from ..model import KEY_ROLE_NAMES, Plan, Task
from ..registry import Registry, agency_names
from ..text import nfc, squash, tone_normalise
from .successions import PARALLEL, SUCCESSION, comparison_slug, kind_of, ordered

# --------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The `compare:` settings of site_config.yml, plus the engine's tuning constants."""
    restructuring_date: str = "2025-03-01"
    similarity_threshold: float = 0.45  # below: a pair is REPLACED (whole sentence), not diffed
    pair_floor: float = 0.30            # minimum score to pair two tasks of aligned blocks
    theme_bonus: float = 0.10           # added to the score, times the themes' Jaccard index
    agency_bonus: float = 0.05          # added when the blocks are the same agency (or its successor)
    move_threshold: float = 0.60        # similarity for MOVED (task in a non-aligned block) ...
    move_content: float = 0.50          # ... and on content tokens (those in <= 1/4 of the tasks)
    split_containment: float = 0.60     # share of a piece's tokens found in the whole (split/merge)
    split_min_tokens: int = 6           # pieces shorter than this never count for split/merge

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


def _name_key(name: str) -> str:
    """Key for an agency name as written: one tone convention, lower case, dashes and spaces unified.

    Not :func:`registry.alias_key`: this key says which spellings the matcher's regex takes for one
    name, so it keeps the diacritics the regex matches on (alias_key folds them away) and unifies
    what the regex tolerates and alias_key does not (spacing around "&" and ",", the hyphens ‐ ‑).
    """
    s = tone_normalise(squash(name)).lower()
    s = re.sub(r"\s*[" + _DASHES + r"]\s*", "-", s)
    s = re.sub(r"\s*([&,])\s*", r"\1 ", s)
    return squash(s).strip(" :;,.")


class _AgencyMatcher:
    """Every agency name of a registry (:func:`registry.agency_names`) as one regex, longest first,
    and the name key of each -> its agency id."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.ids: dict[str, str] = {}
        for aid, agency in registry.agencies.items():
            for n in agency_names(agency):
                if len(squash(n)) >= 3:
                    self.ids.setdefault(_name_key(n), aid)
        ordered = sorted(self.ids, key=lambda k: (-len(k), k))
        pattern = "|".join(_alias_pattern(n) for n in ordered)
        self.regex = re.compile(r"(?:" + pattern + r")(?!\w)", re.IGNORECASE) if ordered else None
        firsts = sorted({re.split(r"[\s\-–—&,]", n, maxsplit=1)[0] for n in ordered}, key=lambda x: (-len(x), x))
        self.starts = (re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, firsts)) + r")", re.IGNORECASE)
                       if firsts else None)

    def spans(self, s: str, n: str) -> list[tuple[int, int, str]]:
        """(start, end, agency id) of each agency name in `s`, found in `n`, its tone-normalised twin."""
        out: list[tuple[int, int, str]] = []
        if self.starts is None:
            return out
        last = 0
        for st in self.starts.finditer(n):
            if st.start() < last:
                continue
            m = self.regex.match(n, st.start())
            # the one fallback: the registry's alias index, for a spelling the name key does not know
            aid = m and (self.ids.get(_name_key(m.group(0))) or self.registry.resolve_agency(s[m.start():m.end()]))
            if aid:
                out.append((m.start(), m.end(), aid))
                last = m.end()
        return out


def _normalised(text: str) -> tuple[str, str]:
    """(NFC text, the same with one tone convention); both of the same length, position by position."""
    s = squash(nfc(text or ""))
    n = tone_normalise(s)
    if len(n) != len(s):  # never expected: the tone swap keeps lengths; stay safe
        n = s
    return s, n


def _plain_tokens(s: str, n: str, pos: int, end: int, out: list[Token]) -> int:
    """Append the word and punctuation tokens of s[pos:end]; return where the unconsumed (whitespace) tail starts."""
    # every non-space character starts a word or a punctuation mark: the matches are contiguous
    for m in _TOKEN_RE.finditer(n, pos, end):
        st, en = m.span()
        w = m.start("word")
        if w >= 0:
            out.append(Token(s[st:en], n[w:en], "word"))
        else:
            out.append(Token(s[st:en], n[m.start("punct"):en], "punct"))
        pos = en
    return pos


def _tokenize(text: str, matcher: _AgencyMatcher | None) -> tuple[Token, ...]:
    s, n = _normalised(text)
    out: list[Token] = []
    pos = 0
    for start, end, aid in matcher.spans(s, n) if matcher is not None else ():
        if start < pos:
            continue
        pos = _plain_tokens(s, n, pos, start, out)
        out.append(Token(s[pos:end], "@" + aid, "agency"))
        pos = end
    _plain_tokens(s, n, pos, len(s), out)
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
    name: str | None  # as the plan writes it; None for a virtual block (its `agencies` name it)
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
    change: what a reader is told (SUCCESSION_CHANGES or PARALLEL_CHANGES, by the comparison's kind).
    In a parallel comparison kind is only paired, a_only or b_only, and a pair below the similarity
    threshold has no ops (the two texts are shown side by side, not diffed).
    """
    key: str
    kind: str
    status: str | None
    a: tuple[TaskRef, ...]
    b: tuple[TaskRef, ...]
    similarity: float
    ops: tuple[Op, ...]
    mechanical: bool = False
    change: str = ""


@dataclass(frozen=True)
class BlockPair(_Serialisable):
    """Aligned blocks. kind: same | joint | lineage, or dropped (a only) / added (b only) in a
    succession, a_only / b_only in a parallel comparison; outside_text when the other side's text is partial.

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
    kind, in a succession: restructuring (after is before's successor for that function) |
          reassigned | added (role newly stated) | dropped (no longer stated);
          in a parallel comparison (roles only): lineage (b's holder is what a's holder became by
          b's date) | different | a_only | b_only;
          either: outside_text (a partial text does not hold the place that would say).
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
    headline: tuple[tuple[str, int, str | None], ...]  # (kind, count, agency id or None): see _headline
    both: int = 0                # parallel: tasks found in both plans
    alike: int = 0               # parallel: of those, similar above the threshold (diffed)
    a_only: int = 0              # parallel: tasks of A with no counterpart in B
    b_only: int = 0
    outside_text: int = 0        # tasks set against a partial text that does not hold their place


HEADLINE_KINDS = ("moved_to", "moved_other", "split", "merged", "reworded", "renamed_only", "new", "dropped",
                  "both", "alike", "a_only", "b_only", "outside_text")
SUCCESSION_CHANGES = ("kept", "changed", "moved", "split", "merged", "new", "dropped", "outside_text")
PARALLEL_CHANGES = ("both", "a_only", "b_only", "outside_text")


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
    kind: str = SUCCESSION      # succession | parallel (successions.py)
    partial: tuple[str, ...] = ()  # the sides ("a", "b") whose text we hold only in part


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------


class Engine:
    """The comparison engine for one registry and policy: it holds the agency-name matcher and the
    token cache, so that a build reads every text of its comparisons once."""

    TOKEN_CACHE_SIZE = 20000  # texts; past this the cache starts again (memory stays bounded at any corpus size)

    def __init__(self, registry: Registry | None, policy: "Mapping | Policy | None" = None):
        self.registry = registry
        self.policy = Policy.from_config(policy)
        self._tokens: dict[str, tuple[Token, ...]] = {}

    @cached_property
    def _matcher(self) -> _AgencyMatcher | None:
        return _AgencyMatcher(self.registry) if self.registry is not None else None

    # --- texts -------------------------------------------------------------------------------

    def tokenize(self, text: str) -> tuple[Token, ...]:
        """Vietnamese text -> syllable, number and punctuation tokens; registry agency names as one token.

        Keys are compared, texts displayed: ``hòa`` and ``hoà`` share the key ``hòa``; "Sở LĐTBXH" and
        "Sở Lao động - Thương binh và Xã hội" share the key ``@so-ldtbxh``.
        """
        hit = self._tokens.get(text)
        if hit is None:
            if len(self._tokens) > self.TOKEN_CACHE_SIZE:
                self._tokens.clear()
            hit = self._tokens[text] = _tokenize(text, self._matcher)
        return hit

    def similarity_tokens(self, tokens: Iterable[Token]) -> frozenset[str]:
        return similarity_tokens(tokens, self.registry)

    def text_similarity(self, a: str, b: str) -> float:
        return token_similarity(self.similarity_tokens(self.tokenize(a)), self.similarity_tokens(self.tokenize(b)))

    def word_diff(self, a: str, b: str) -> tuple[Op, ...]:
        """Word-level diff of two texts: ((op, text), ...), op in equal / insert / delete."""
        return _runs_to_ops(diff_token_runs(self.tokenize(a), self.tokenize(b)))

    def _pair_ops(self, ta, tb, sim: float, a_text: str, b_text: str, on: str):
        """Two paired tasks' token runs -> (status, ops, mechanical) (see :class:`TaskPair`)."""
        if [t.key for t in ta] == [t.key for t in tb]:
            return "unchanged", (("equal", b_text),) if b_text else (), False
        if sim < self.policy.similarity_threshold:
            return "replaced", tuple(x for x in (("delete", a_text), ("insert", b_text)) if x[1]), False
        runs = diff_token_runs(ta, tb)
        return "changed", _runs_to_ops(runs), _mechanical(runs, self.registry, on)

    # --- one comparison ------------------------------------------------------------------------

    def compare(self, a: Plan, b: Plan) -> Comparison:
        """Compare two plans, the older as `a`: a succession or a parallel comparison (see the module)."""
        a, b = ordered(a, b)
        reg, on = self.registry, b.reading_date
        kind = kind_of(a, b, reg) if reg is not None else SUCCESSION
        partial = tuple(side for side, p in (("a", a), ("b", b)) if p.partial)
        A, B = _Side(a, self), _Side(b, self)
        edges = _align(A, B, reg, on)
        match = _TaskMatch(A, B, edges, self.policy)
        task_pairs = _labelled(self._task_pairs(A, B, match, on), kind, partial)
        block_pairs = _block_pairs(A, B, edges, task_pairs)
        if partial:  # a block only one side has, where the other text is partial: the comparison cannot say
            outside = {"added": "a", "dropped": "b"}
            block_pairs = tuple(replace(bp, kind="outside_text") if outside.get(bp.kind) in partial else bp
                                for bp in block_pairs)
        if kind == PARALLEL:
            task_pairs, block_pairs = _as_parallel(task_pairs, block_pairs)
            events = role_events(a, b, reg, PARALLEL)
        else:
            events = role_events(a, b, reg) + _task_events(task_pairs, reg, on)
        summary = _summary(task_pairs, block_pairs, events, kind, self.policy.similarity_threshold)
        return Comparison(comparison_slug(a, b), PlanRef.of(a), PlanRef.of(b), self.policy.similarity_threshold,
                          block_pairs, task_pairs, events, summary, kind, partial)

    def _task_pairs(self, A: "_Side", B: "_Side", match: "_TaskMatch", on: str) -> tuple[TaskPair, ...]:
        """5. The TaskPairs, in b's order (then a's leftovers in a's order)."""
        def make(kind: str, ia: tuple[int, ...], ib: tuple[int, ...]) -> TaskPair:
            return self._task_pair(A, B, kind, ia, ib, on)

        placed = [((0, j, i), make("paired", (i,), (j,))) for i, j in match.pairs.items()]
        placed += [((0, j, i), make("moved", (i,), (j,))) for i, j in match.moves.items()]
        placed += [((0, js[0], i), make("split", (i,), js)) for i, js in match.splits.items()]
        placed += [((0, j, is_[0]), make("merged", is_, (j,))) for j, is_ in match.merges.items()]
        placed += [((0, j, -1), make("added", (), (j,))) for j in range(len(B.tasks)) if j not in match.used_b]
        placed += [((1, i, 0), make("dropped", (i,), ())) for i in range(len(A.tasks)) if i not in match.used_a]
        placed.sort(key=lambda x: x[0])
        return tuple(tp for _, tp in placed)

    def _task_pair(self, A: "_Side", B: "_Side", kind: str, ia: tuple[int, ...], ib: tuple[int, ...],
                   on: str) -> TaskPair:
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
        status, ops, mech = self._pair_ops(ta, tb, s, " ".join(t.text for t in ra), " ".join(t.text for t in rb), on)
        return TaskPair(key, kind, status, ra, rb, s, ops, mech)


# --------------------------------------------------------------------------------------------
# Lineage (through the registry's one lineage API)
# --------------------------------------------------------------------------------------------


def _mapped(registry: Registry, agencies: Iterable[str], themes: Iterable[str], on: str) -> dict[str, list]:
    """agency of a -> {agency it stands for at date `on`: [lineage steps]} (itself with no steps)."""
    out: dict[str, list] = {}
    themes = sorted(set(themes)) or [None]
    for ag in agencies:
        out.setdefault(ag, [])
        for th in [*themes, None]:
            steps = registry.successor_steps(ag, th, on)
            for i in range(len(steps)):
                out.setdefault(steps[i][1], steps[:i + 1])
    return out


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
        succ |= {s[1] for s in registry.successor_steps(d, None, on)}
    return set(inserted) <= succ


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


def _units(plan: Plan) -> list[_Unit]:
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
        units.append(_Unit(BlockRef("content--" + "--".join(ags), None, ags, tasks[0].item.ref, "directed", True),
                           tuple(tasks), len(units)))
    return units


def _task_ref(plan: Plan, unit: _Unit, task: Task) -> TaskRef:
    return TaskRef(plan.key, task.id, task.item.ref, unit.ref.id, unit.ref.agencies,
                   squash(nfc(task.item.full_text)), tuple(task.item.themes))


class _Side:
    """One plan's tasks in a comparison: refs, tokens, similarity sets."""

    def __init__(self, plan: Plan, engine: Engine):
        self.plan = plan
        self.units = _units(plan)
        self.tasks: list[TaskRef] = []
        self.unit_of: list[int] = []
        for u in self.units:
            for t in u.tasks:
                self.tasks.append(_task_ref(plan, u, t))
                self.unit_of.append(u.order)
        self.tokens = [engine.tokenize(t.text) for t in self.tasks]
        self.sets = [engine.similarity_tokens(tk) for tk in self.tokens]


# --------------------------------------------------------------------------------------------
# 1. Alignment
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edge:
    """Two aligned units: see :class:`BlockPair` for the fields."""
    kind: str
    rename: bool
    acts: tuple[str, ...]
    lineage: tuple[tuple[str, str], ...]


def _align(A: _Side, B: _Side, registry: Registry, on: str) -> dict[tuple[int, int], _Edge]:
    """(unit of a, unit of b) -> their edge, for units sharing an agency or linked by a lineage at `on`."""
    edges: dict[tuple[int, int], _Edge] = {}
    for ua in A.units:
        themes = {th for t in ua.tasks for th in t.item.themes}
        mapped = _mapped(registry, ua.ref.agencies, themes, on)
        for ub in B.units:
            edge = _edge(ua.ref.agencies, ub.ref.agencies, mapped)
            if edge is not None:
                edges[(ua.order, ub.order)] = edge
    return edges


def _edge(a_ags: tuple[str, ...], b_ags: tuple[str, ...], mapped: dict[str, list]) -> _Edge | None:
    direct = set(a_ags) & set(b_ags)
    via = {ag: mapped[ag] for ag in b_ags if ag in mapped and mapped[ag]}
    if not direct and not via:
        return None
    steps = sorted({(s[0], s[1], s[2]) for ag in sorted(via) for s in via[ag]})
    if set(a_ags) == set(b_ags):
        kind = "same"
    elif not direct:
        kind = "lineage"
    else:
        kind = "joint"
    # Pure rename: each of a's agencies stands for (itself or its successor) an agency of b,
    # and together they are exactly b's agencies; at least one lineage step.
    image = set()
    for ag in a_ags:
        succ = [x for x in b_ags if x in mapped and mapped[x] and mapped[x][0][0] == ag]
        image.update(succ or [ag])
    rename = bool(steps) and not direct and image == set(b_ags)
    acts = tuple(sorted({act for s in steps for act in s[2]}))
    return _Edge(kind, rename, acts, tuple((s[0], s[1]) for s in steps))


# --------------------------------------------------------------------------------------------
# 2-4. Which tasks correspond
# --------------------------------------------------------------------------------------------


def _theme_jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a and b else 0.0


def _greedy(cands: list[tuple[float, int, int]], used_a: set, used_b: set) -> list[tuple[int, int, float]]:
    out = []
    for neg, i, j in sorted(cands):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out.append((i, j, -neg))
    return out


class _TaskMatch:
    """The tasks of a and b that correspond: `pairs` (a -> b), `splits` (a -> bs), `merges`
    (b -> as), `moves` (a -> b in a non-aligned unit); `used_a` / `used_b` hold every task placed."""

    def __init__(self, A: _Side, B: _Side, edges: dict, pol: Policy):
        self.A, self.B, self.edges, self.pol = A, B, edges, pol
        self._sims: dict[tuple[int, int], float] = {}
        self.used_a: set[int] = set()
        self.used_b: set[int] = set()
        self.pairs = self._pair_aligned()
        self.ca_sets, self.cb_sets = self._content_sets()
        self.splits, self.merges = self._split_and_merge()
        self.moves = self._move()

    def sim(self, i: int, j: int) -> float:
        v = self._sims.get((i, j))
        if v is None:
            v = self._sims[(i, j)] = round(token_similarity(self.A.sets[i], self.B.sets[j]), 6)
        return v

    def aligned(self, i: int, j: int) -> bool:
        return (self.A.unit_of[i], self.B.unit_of[j]) in self.edges

    def _pair_aligned(self) -> dict[int, int]:
        """2. Pair tasks inside aligned units: similarity plus theme and agency bonuses, greedy."""
        A, B, pol = self.A, self.B, self.pol
        cands = []
        for i in range(len(A.tasks)):
            for j in range(len(B.tasks)):
                e = self.edges.get((A.unit_of[i], B.unit_of[j]))
                if e is None:
                    continue
                s = self.sim(i, j)
                score = s + pol.theme_bonus * _theme_jaccard(A.tasks[i].themes, B.tasks[j].themes)
                score += pol.agency_bonus if e.kind in ("same", "lineage") else 0.0
                if s >= pol.pair_floor * 0.75 and score >= pol.pair_floor:
                    cands.append((-round(score, 6), i, j))
        return {i: j for i, j, _ in _greedy(cands, self.used_a, self.used_b)}

    def _content_sets(self) -> tuple[list[frozenset], list[frozenset]]:
        """Each task's tokens without those in more than a quarter of both plans' tasks."""
        df: dict[str, int] = {}
        for st in (*self.A.sets, *self.B.sets):
            for tkn in st:
                df[tkn] = df.get(tkn, 0) + 1
        common = {tkn for tkn, c in df.items() if c > max(3, 0.25 * (len(self.A.tasks) + len(self.B.tasks)))}
        return [st - common for st in self.A.sets], [st - common for st in self.B.sets]

    def _split_and_merge(self):
        """3. Split (one a -> several b) and merged (several a -> one b), inside aligned units only.
        Judged on content tokens: each piece must be mostly contained in the whole and cover a part
        of it no other piece covers."""
        n_a, n_b = len(self.A.tasks), len(self.B.tasks)
        splits = _groups(n_a, n_b, self.ca_sets, self.cb_sets, self.pairs, self.used_b,
                         self.aligned, self.sim, self.pol)
        for w, ps in splits.items():
            self.pairs.pop(w, None)
            self.used_a.add(w)
            self.used_b.update(ps)
        rev = {j: i for i, j in self.pairs.items()}
        merges = _groups(n_b, n_a, self.cb_sets, self.ca_sets, rev, self.used_a,
                         lambda w, p: self.aligned(p, w), lambda w, p: self.sim(p, w), self.pol)
        for w, ps in merges.items():
            if w in rev:
                self.pairs.pop(rev.pop(w), None)
            self.used_b.add(w)
            self.used_a.update(ps)
        return splits, merges

    def _move(self) -> dict[int, int]:
        """4. Moved: an a-task highly similar to a b-task of a non-aligned unit, both unpaired or only
        weakly paired (below the threshold: a strong move beats a "replaced" pair)."""
        weak_a = {i for i, j in self.pairs.items() if self.sim(i, j) < self.pol.similarity_threshold}
        weak_b = {self.pairs[i] for i in weak_a}
        cands = self._move_candidates(weak_a, weak_b)
        moves = {i: j for i, j, _ in _greedy(cands, set(self.used_a) - weak_a, set(self.used_b) - weak_b)}
        for i, j in moves.items():
            if i in self.pairs:
                self.used_b.discard(self.pairs.pop(i))
            for i2 in [k for k, v in self.pairs.items() if v == j]:
                self.used_a.discard(i2)
                self.pairs.pop(i2)
            self.used_a.add(i)
            self.used_b.add(j)
        return moves

    def _move_candidates(self, weak_a: set[int], weak_b: set[int]) -> list[tuple[float, int, int]]:
        pol = self.pol
        cands = []
        for i in range(len(self.A.tasks)):
            if i in self.used_a and i not in weak_a:
                continue
            for j in range(len(self.B.tasks)):
                if (j in self.used_b and j not in weak_b) or self.aligned(i, j):
                    continue
                s = self.sim(i, j)
                if s >= pol.move_threshold and token_similarity(self.ca_sets[i], self.cb_sets[j]) >= pol.move_content:
                    cands.append((-s, i, j))
        return cands


def _groups(n_whole, n_piece, whole_sets, piece_sets, paired, used_pieces, aligned, sim, pol) -> dict[int, tuple[int, ...]]:
    """Wholes (by index) -> the pieces that together re-state them (split or merge detection)."""
    out: dict[int, tuple[int, ...]] = {}
    taken: set[int] = set()
    for w in range(n_whole):
        whole = whole_sets[w]
        if len(whole) < pol.split_min_tokens:
            continue
        current = paired.get(w)
        cands = [p for p in range(n_piece)
                 if p not in taken and (p not in used_pieces or p == current) and aligned(w, p)
                 and _piece_of(piece_sets[p], whole, sim(w, p), pol)]
        if len(cands) < 2:
            continue
        chosen, covered = _cover(whole, cands, piece_sets, current)
        if len(chosen) < 2:
            continue
        single = max(len(piece_sets[p] & whole) for p in chosen)
        if len(covered) >= 0.6 * len(whole) and len(covered) - single >= 0.15 * len(whole):
            out[w] = tuple(sorted(chosen))
            taken.update(chosen)
    return out


def _piece_of(piece: frozenset, whole: frozenset, similarity: float, pol: Policy) -> bool:
    """Whether `piece` may be a part of `whole`: long enough, similar enough, mostly contained in it."""
    if len(piece) < pol.split_min_tokens or similarity < pol.pair_floor:
        return False
    return (len(piece & whole) / len(piece) if piece else 0.0) >= pol.split_containment


def _cover(whole: frozenset, cands: list[int], piece_sets, current: int | None) -> tuple[list[int], frozenset]:
    """Greedy set cover of `whole` by the candidate pieces (starting with its current pair, if any):
    the piece that adds most of the whole first, deterministic ties."""
    chosen: list[int] = []
    covered: frozenset = frozenset()
    if current is not None:
        chosen, covered = [current], piece_sets[current] & whole
    while True:
        best = None
        for p in cands:
            if p in chosen:
                continue
            gain = len((piece_sets[p] & whole) - covered)
            if gain >= max(3, 0.15 * len(whole)) and (best is None or gain > best[0]):
                best = (gain, p)
        if best is None:
            return chosen, covered
        chosen.append(best[1])
        covered |= piece_sets[best[1]] & whole


# --------------------------------------------------------------------------------------------
# 6. Block pairs
# --------------------------------------------------------------------------------------------


def _block_pairs(A: _Side, B: _Side, edges: dict[tuple[int, int], _Edge],
                 task_pairs: tuple[TaskPair, ...]) -> tuple[BlockPair, ...]:
    """Block pairs, each with the task pairs that live in it (a moved task lives in both)."""
    in_pair = _task_homes(A, B, edges, task_pairs)
    placed = []
    for (ia, ib), e in edges.items():
        ua, ub = A.units[ia], B.units[ib]
        placed.append(((ub.order, ua.order), BlockPair(
            f"{ua.ref.id}--{ub.ref.id}", e.kind, ua.ref, ub.ref, e.rename, e.acts, e.lineage,
            tuple(in_pair.get((ia, ib), ())))))
    aligned_a = {ia for ia, _ in edges}
    aligned_b = {ib for _, ib in edges}
    for u in A.units:
        if u.order not in aligned_a:
            placed.append(((len(B.units), u.order), BlockPair(
                f"{u.ref.id}--", "dropped", u.ref, None, False, (), (), tuple(in_pair.get(("a", u.order), ())))))
    for u in B.units:
        if u.order not in aligned_b:
            placed.append(((u.order, -1), BlockPair(
                f"--{u.ref.id}", "added", None, u.ref, False, (), (), tuple(in_pair.get(("b", u.order), ())))))
    placed.sort(key=lambda x: x[0])
    return tuple(bp for _, bp in placed)


def _task_homes(A: _Side, B: _Side, edges: dict[tuple[int, int], _Edge],
                task_pairs: tuple[TaskPair, ...]) -> dict[tuple, list[TaskPair]]:
    """Where each task pair is shown: (unit of a, unit of b) of an edge, or ("a" | "b", unit) of a
    unit that aligns with none."""
    a_unit = {u.ref.id: u.order for u in A.units}
    b_unit = {u.ref.id: u.order for u in B.units}
    rank = {"same": 0, "lineage": 1, "joint": 2}
    home_a: dict[int, tuple] = {}
    home_b: dict[int, tuple] = {}
    for ia, ib in sorted(edges, key=lambda k: (rank[edges[k].kind], k)):
        home_a.setdefault(ia, (ia, ib))
        home_b.setdefault(ib, (ia, ib))
    in_pair: dict[tuple, list[TaskPair]] = {}
    for tp in task_pairs:
        homes = []
        if tp.kind in ("paired", "split", "merged"):
            first = a_unit[tp.a[0].block]
            homes = [next(((a_unit[x.block], b_unit[y.block]) for x in tp.a for y in tp.b
                           if (a_unit[x.block], b_unit[y.block]) in edges), home_a.get(first, ("a", first)))]
        if tp.kind in ("moved", "dropped"):
            ia = a_unit[tp.a[0].block]
            homes.append(home_a.get(ia, ("a", ia)))
        if tp.kind in ("moved", "added"):
            ib = b_unit[tp.b[0].block]
            homes.append(home_b.get(ib, ("b", ib)))
        for h in dict.fromkeys(homes):
            in_pair.setdefault(h, []).append(tp)
    return in_pair


# --------------------------------------------------------------------------------------------
# 7. Events and summary
# --------------------------------------------------------------------------------------------

ROLE_THEMES = {
    "proposer": "coordination", "lead": "coordination", "report_recipient": "reporting",
    "committee_standing_body": "committee", "action_month": "action-month",
    "inspection": "inspection", "statistics": "statistics",
}


def classify_change(registry: Registry, before: str | None, after: str | None, theme: str | None, on: str) -> tuple[str, tuple[str, ...]]:
    """-> (kind, acts): restructuring when `after` is `before`'s successor for `theme` at date `on`."""
    if before is None:
        return "added", ()
    if after is None:
        return "dropped", ()
    steps = registry.successor_steps(before, theme, on)
    for k, step in enumerate(steps):
        if step[1] == after:
            return "restructuring", tuple(sorted({act for s in steps[:k + 1] for act in s[2]}))
    return "reassigned", ()


def role_events(a: Plan, b: Plan, registry: Registry, kind: str = SUCCESSION) -> tuple[Event, ...]:
    """Key roles whose agency differs between a and b (with :meth:`Plan.holder`'s fallbacks): changes in a
    succession; in a parallel comparison differences (lineage, different, a_only, b_only), not changes."""
    on = b.reading_date
    out = []
    for role in KEY_ROLE_NAMES:
        before, wb = a.holder(role)
        after, wa = b.holder(role)
        if before == after:
            continue
        if _outside(before, after, a, b):
            found, acts = "outside_text", ()
        else:
            found, acts = classify_change(registry, before, after, ROLE_THEMES.get(role), on)
        if kind == PARALLEL and found != "outside_text":
            found = {"added": "b_only", "dropped": "a_only", "restructuring": "lineage"}.get(found, "different")
        out.append(Event("role", found, role, before, after, acts, wb, wa))
    return tuple(out)


def _outside(before, after, a: Plan, b: Plan) -> bool:
    """A role one side does not state because its text is partial: the comparison cannot say."""
    return (before is None and a.partial) or (after is None and b.partial)


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


def _change(tp: TaskPair, kind: str, partial: tuple[str, ...]) -> str:
    if tp.kind == "added":
        return "outside_text" if "a" in partial else ("b_only" if kind == PARALLEL else "new")
    if tp.kind == "dropped":
        return "outside_text" if "b" in partial else ("a_only" if kind == PARALLEL else "dropped")
    if kind == PARALLEL:
        return "both"
    if tp.kind == "paired":
        return "kept" if tp.status == "unchanged" else "changed"
    return tp.kind  # moved, split, merged


def _labelled(task_pairs: tuple[TaskPair, ...], kind: str, partial: tuple[str, ...]) -> tuple[TaskPair, ...]:
    """Each pair with its change; a task outside a partial text is shown as it is, not as inserted or deleted."""
    out = []
    for tp in task_pairs:
        change = _change(tp, kind, partial)
        out.append(replace(tp, change=change, ops=() if change == "outside_text" else tp.ops))
    return tuple(out)


PARALLEL_STATUS = {"unchanged": "identical", "changed": "similar", "replaced": "different"}
PARALLEL_BLOCKS = {"dropped": "a_only", "added": "b_only"}


def _as_parallel(task_pairs, block_pairs):
    """A parallel comparison's words: a task is in both plans, in A only or in B only; texts below the
    similarity threshold are shown side by side, not diffed; each task pair is shown once."""
    out = {}
    for tp in task_pairs:
        if tp.kind in ("added", "dropped"):  # one side only: shown as it is, not as inserted or deleted
            out[tp.key] = replace(tp, kind="b_only" if tp.kind == "added" else "a_only", ops=())
        else:
            ops = () if tp.status == "replaced" else tp.ops
            out[tp.key] = replace(tp, kind="paired", status=PARALLEL_STATUS.get(tp.status, tp.status), ops=ops,
                                  mechanical=False)  # a rename is a change: two provinces have none
    shown: set[str] = set()
    blocks = []
    for bp in block_pairs:
        tasks = tuple(out[tp.key] for tp in bp.tasks if tp.key not in shown)
        shown.update(tp.key for tp in tasks)
        blocks.append(replace(bp, kind=PARALLEL_BLOCKS.get(bp.kind, bp.kind), tasks=tasks, rename=False))
    return tuple(out[tp.key] for tp in task_pairs), tuple(blocks)


def _summary(task_pairs, block_pairs, events, kind: str = SUCCESSION, threshold: float = 0.0) -> Summary:
    changes = Counter(tp.change for tp in task_pairs)
    if kind == PARALLEL:
        alike = sum(1 for tp in task_pairs if tp.change == "both" and tp.similarity >= threshold)
        counts = (("both", changes["both"]), ("alike", alike), ("a_only", changes["a_only"]),
                  ("b_only", changes["b_only"]), ("outside_text", changes["outside_text"]))
        return Summary(0, 0, 0, 0, 0, 0, 0, 0, renames=0, mechanical=0,
                       role_events=sum(e.scope == "role" for e in events), restructuring_events=0, moved_to=(),
                       headline=tuple((k, n, None) for k, n in counts if n), both=changes["both"], alike=alike,
                       a_only=changes["a_only"], b_only=changes["b_only"], outside_text=changes["outside_text"])
    kinds = Counter(tp.kind for tp in task_pairs)
    status = Counter(tp.status for tp in task_pairs if tp.kind == "paired")
    moved_to = Counter(e.after for e in events if e.scope == "task" and e.after)
    moved_to_t = tuple(sorted(moved_to.items(), key=lambda kv: (-kv[1], kv[0])))
    renamed_only = sum(tp.mechanical for tp in task_pairs if tp.kind == "paired")
    headline = _headline(moved_to_t, kinds, status["changed"] + status["replaced"] - renamed_only, renamed_only,
                         changes["new"], changes["dropped"])
    if changes["outside_text"]:
        headline += (("outside_text", changes["outside_text"], None),)
    return Summary(
        unchanged=status["unchanged"], changed=status["changed"], replaced=status["replaced"],
        moved=kinds["moved"], split=kinds["split"], merged=kinds["merged"], added=changes["new"],
        dropped=changes["dropped"], renames=sum(bp.rename for bp in block_pairs),
        mechanical=sum(tp.mechanical for tp in task_pairs),
        role_events=sum(e.scope == "role" for e in events),
        restructuring_events=sum(e.kind == "restructuring" for e in events), moved_to=moved_to_t,
        headline=headline, outside_text=changes["outside_text"],
    )


def _headline(moved_to: tuple[tuple[str, int], ...], kinds: Counter, reworded: int,
              renamed_only: int, new: int, dropped: int) -> tuple[tuple[str, int, str | None], ...]:
    """The summary's phrases, in order, (kind, count, agency id or None), each only when its count is
    not 0: tasks moved to each of the 3 agencies that received most (moved_to), to the others
    together (moved_other), split, merged, reworded, with only an agency renamed (renamed_only), new,
    dropped. () means no change in the tasks. (A parallel comparison's phrases: both, alike, a_only,
    b_only; either kind may end with outside_text.)"""
    phrases = [("moved_to", n, aid) for aid, n in moved_to[:3]]
    counts = (("moved_other", sum(n for _, n in moved_to[3:])), ("split", kinds["split"]),
              ("merged", kinds["merged"]), ("reworded", reworded), ("renamed_only", renamed_only),
              ("new", new), ("dropped", dropped))
    phrases += [(kind, n, None) for kind, n in counts if n]
    return tuple(phrases)


# --------------------------------------------------------------------------------------------
# One question, one Engine: for callers without an Engine of their own
# --------------------------------------------------------------------------------------------


def tokenize(text: str, registry: Registry | None = None) -> tuple[Token, ...]:
    """See :meth:`Engine.tokenize`."""
    return Engine(registry).tokenize(text)


def text_similarity(a: str, b: str, registry: Registry | None = None) -> float:
    return Engine(registry).text_similarity(a, b)


def word_diff(a: str, b: str, registry: Registry | None = None) -> tuple[Op, ...]:
    """Word-level diff of two texts: ((op, text), ...), op in equal / insert / delete."""
    return Engine(registry).word_diff(a, b)


def compare(a: Plan, b: Plan, registry: Registry, policy: "Mapping | Policy | None" = None) -> Comparison:
    """Compare plan `a` (older) with plan `b` (newer)."""
    return Engine(registry, policy).compare(a, b)


__all__ = [
    "Policy", "Engine", "Token", "tokenize", "similarity_tokens", "token_similarity", "text_similarity",
    "diff_token_runs", "word_diff", "PlanRef", "BlockRef", "TaskRef", "TaskPair", "BlockPair", "Event",
    "Summary", "HEADLINE_KINDS", "SUCCESSION_CHANGES", "PARALLEL_CHANGES", "Comparison", "compare",
    "comparison_slug", "classify_change", "role_events",
]
