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
5. :meth:`Engine.transfer` gathers a lineage's tasks before/after the restructuring (/transfer/).
6. :meth:`Engine.publish_pairs` lists the plan pairs the site publishes (site_config.yml ``compare:``).

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
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cached_property

from diff_match_patch import diff_match_patch

from ..model import KEY_ROLE_NAMES, Plan, Task, chronological
from ..registry import Registry, agency_names
from ..text import nfc, squash, tone_normalise

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
    headline: tuple[tuple[str, int, str | None], ...]  # (kind, count, agency id or None): see _headline


HEADLINE_KINDS = ("moved_to", "moved_other", "split", "merged", "reworded", "renamed_only", "new", "dropped")


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
        """Compare plan `a` (older) with plan `b` (newer)."""
        reg, on = self.registry, b.reading_date
        A, B = _Side(a, self), _Side(b, self)
        edges = _align(A, B, reg, on)
        match = _TaskMatch(A, B, edges, self.policy)
        task_pairs = self._task_pairs(A, B, match, on)
        block_pairs = _block_pairs(A, B, edges, task_pairs)
        events = role_events(a, b, reg) + _task_events(task_pairs, reg, on)
        return Comparison(comparison_slug(a, b), PlanRef.of(a), PlanRef.of(b), self.policy.similarity_threshold,
                          block_pairs, task_pairs, events, _summary(task_pairs, block_pairs, events))

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

    # --- the /transfer/ view and the published pairs -------------------------------------------

    def transfer(self, plans: Iterable[Plan], predecessor: str, successor: str | None = None) -> Transfer:
        """The predecessor's tasks in plans dated before the lineage's effective date against the
        successor's tasks in plans dated on/after it (the primary successor when `successor` is None).

        Each later plan is read against its reference plans (:func:`reference_plans`); in each
        (reference, later) pair, tasks are paired one-to-one by similarity. Kinds: moved (similarity >=
        ``transfer_moved``: the same task, now the successor's), changed (paired, reworded), new (a later
        task no reference task matches), dropped (a predecessor task no later plan took over), kept (a
        later task matching the successor's own earlier task), pending (no plan after the date yet).
        Items are grouped under their task's first theme (b's for pairs and new tasks); only tasks with a
        theme the lineage hands over count (all themes when the registry lists none).
        """
        reg = self.registry
        entry = reg.successor_entry(predecessor, successor) if successor is not None else reg.successor(predecessor)
        if not entry:
            raise ValueError(f"no lineage {predecessor} -> {successor}")
        effective = entry.get("effective") or self.policy.restructuring_date
        handover = _Handover(self, predecessor, entry["agency"], tuple(entry.get("themes") or ()))
        plans = chronological(p for p in plans if not p.partial)  # a missing section is not a dropped task
        before = [p for p in plans if p.reading_date < effective]
        after = [p for p in plans if p.reading_date >= effective]
        groups, counts = _transfer_groups(handover.items(plans, before, after, effective), reg)
        return Transfer(predecessor, entry["agency"], effective, tuple(entry.get("acts") or ()), handover.themes,
                        tuple(p.key for p in before), tuple(p.key for p in after), groups, counts)

    def publish_pairs(self, plans: Iterable[Plan]) -> tuple[PublishPair, ...]:
        """The comparisons the site publishes (site_config.yml `compare:`), older plan first, in a stable order."""
        pol = self.policy
        plans = chronological(p for p in plans if not p.partial)  # a partial text is never set against a full one
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
                if p.reading_date >= pol.restructuring_date:
                    for q in reference_plans(p, plans, self.registry, pol.restructuring_date, pol.latest_reference_only):
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


def comparison_slug(a: Plan, b: Plan) -> str:
    return f"{a.slug}--{b.slug}"


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


def role_events(a: Plan, b: Plan, registry: Registry) -> tuple[Event, ...]:
    """Key roles whose agency differs between a and b (with :meth:`Plan.holder`'s fallbacks)."""
    on = b.reading_date
    out = []
    for role in KEY_ROLE_NAMES:
        before, wb = a.holder(role)
        after, wa = b.holder(role)
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


def _summary(task_pairs, block_pairs, events) -> Summary:
    kinds = Counter(tp.kind for tp in task_pairs)
    status = Counter(tp.status for tp in task_pairs if tp.kind == "paired")
    moved_to = Counter(e.after for e in events if e.scope == "task" and e.after)
    moved_to_t = tuple(sorted(moved_to.items(), key=lambda kv: (-kv[1], kv[0])))
    renamed_only = sum(tp.mechanical for tp in task_pairs if tp.kind == "paired")
    return Summary(
        unchanged=status["unchanged"], changed=status["changed"], replaced=status["replaced"],
        moved=kinds["moved"], split=kinds["split"], merged=kinds["merged"], added=kinds["added"],
        dropped=kinds["dropped"], renames=sum(bp.rename for bp in block_pairs),
        mechanical=sum(tp.mechanical for tp in task_pairs),
        role_events=sum(e.scope == "role" for e in events),
        restructuring_events=sum(e.kind == "restructuring" for e in events), moved_to=moved_to_t,
        headline=_headline(moved_to_t, kinds, status["changed"] + status["replaced"] - renamed_only, renamed_only),
    )


def _headline(moved_to: tuple[tuple[str, int], ...], kinds: Counter, reworded: int,
              renamed_only: int) -> tuple[tuple[str, int, str | None], ...]:
    """The summary's phrases, in order, (kind, count, agency id or None), each only when its count is
    not 0: tasks moved to each of the 3 agencies that received most (moved_to), to the others
    together (moved_other), split, merged, reworded, with only an agency renamed (renamed_only), new,
    dropped. () means no change in the tasks."""
    phrases = [("moved_to", n, aid) for aid, n in moved_to[:3]]
    counts = (("moved_other", sum(n for _, n in moved_to[3:])), ("split", kinds["split"]),
              ("merged", kinds["merged"]), ("reworded", reworded), ("renamed_only", renamed_only),
              ("new", kinds["added"]), ("dropped", kinds["dropped"]))
    phrases += [(kind, n, None) for kind, n in counts if n]
    return tuple(phrases)


# --------------------------------------------------------------------------------------------
# Transfer view: a lineage's tasks before and after the restructuring
# --------------------------------------------------------------------------------------------

TRANSFER_KINDS = ("moved", "changed", "new", "dropped", "kept", "pending")


@dataclass(frozen=True)
class TransferItem(_Serialisable):
    """kind: one of TRANSFER_KINDS (see :meth:`Engine.transfer`)."""
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


def reference_plans(plan: Plan, plans: Iterable[Plan], registry: Registry, cutoff: str,
                    latest_only: bool = False) -> list[Plan]:
    """The pre-`cutoff` plans a later plan is read against: its province's (and those merged into it
    by the plan's date), otherwise every pre-cutoff plan; with `latest_only`, the latest of each province."""
    before = [p for p in plans if p.reading_date < cutoff]
    provinces = {plan.province, *registry.province_predecessors(plan.province, plan.reading_date)}
    own = [p for p in before if p.province in provinces]
    chosen = chronological(own or before)
    if latest_only:
        latest = {p.province: p for p in chosen}  # in time order: the last one per province wins
        chosen = chronological(latest.values())
    return chosen


class _Handover:
    """One lineage's tasks read across its effective date (for :meth:`Engine.transfer`)."""

    def __init__(self, engine: Engine, predecessor: str, successor: str, themes: tuple[str, ...]):
        self.engine = engine
        self.predecessor = predecessor
        self.successor = successor
        self.themes = themes  # handed over; () = all
        self._info: dict[tuple[str, str], tuple] = {}

    def gather(self, plan: Plan, agency: str) -> list[TaskRef]:
        """The plan's tasks of `agency`'s blocks that carry a theme handed over."""
        out = []
        for u in _units(plan):
            if agency in u.ref.agencies:
                out.extend(_task_ref(plan, u, t) for t in u.tasks
                           if not self.themes or set(t.item.themes) & set(self.themes))
        return out

    def info(self, tr: TaskRef) -> tuple:
        """(tokens, similarity set) of a task."""
        k = (tr.plan, tr.id)
        if k not in self._info:
            tk = self.engine.tokenize(tr.text)
            self._info[k] = (tk, self.engine.similarity_tokens(tk))
        return self._info[k]

    def theme_of(self, tr: TaskRef) -> str:
        for th in tr.themes:
            if not self.themes or th in self.themes:
                return th
        return tr.themes[0] if tr.themes else ""

    def items(self, plans: list[Plan], before: list[Plan], after: list[Plan], effective: str) -> list[TransferItem]:
        items: list[TransferItem] = []
        took_over: set[tuple[str, str]] = set()  # predecessor tasks some later task took over
        read: set[str] = set()                   # reference plans read by some later plan
        for p in after:
            post = self.gather(p, self.successor)
            matched: set[int] = set()
            for ref in reference_plans(p, plans, self.engine.registry, effective):
                read.add(ref.key)
                items += self._read_against(ref, p, post, matched, took_over)
            items += [TransferItem("new", self.theme_of(t), None, t, 0.0, (("insert", t.text),))
                      for j, t in enumerate(post) if j not in matched]
        for ref in before:
            for u in self.gather(ref, self.predecessor):
                if (u.plan, u.id) not in took_over:
                    kind = "dropped" if ref.key in read else "pending"
                    items.append(TransferItem(kind, self.theme_of(u), u, None, 0.0, (("delete", u.text),)))
        return items

    def _read_against(self, ref: Plan, p: Plan, post: list[TaskRef], matched: set[int],
                      took_over: set[tuple[str, str]]) -> list[TransferItem]:
        """Pair the later plan `p`'s tasks `post` one-to-one with the reference plan's (predecessor's,
        then successor's own) tasks."""
        pol = self.engine.policy
        pre = self.gather(ref, self.predecessor)
        olds = pre + self.gather(ref, self.successor)
        cands = []
        for i, u in enumerate(olds):
            for j, t in enumerate(post):
                sv = token_similarity(self.info(u)[1], self.info(t)[1])
                if sv >= pol.pair_floor:
                    cands.append((-round(sv, 6), i, j))
        out = []
        for i, j, sv in _greedy(cands, set(), set()):
            u, t = olds[i], post[j]
            sv = round(sv, 4)
            status, ops, _ = self.engine._pair_ops(self.info(u)[0], self.info(t)[0], sv, u.text, t.text, p.reading_date)
            if i >= len(pre):
                kind = "kept"
            else:
                kind = "moved" if sv >= pol.transfer_moved or status == "unchanged" else "changed"
                took_over.add((u.plan, u.id))
            matched.add(j)
            out.append(TransferItem(kind, self.theme_of(t), u, t, sv, ops, status))
        return out


def _kind_counts(items: Iterable[TransferItem]) -> tuple[tuple[str, int], ...]:
    found = Counter(it.kind for it in items)
    return tuple((k, found[k]) for k in TRANSFER_KINDS)


def _transfer_groups(items: list[TransferItem], registry: Registry) -> tuple[tuple[TransferGroup, ...], tuple]:
    """Items grouped by theme (registry order), each group by kind, plan and clause; and the counts."""
    rank = {k: n for n, k in enumerate(TRANSFER_KINDS)}
    order = {th: n for n, th in enumerate(registry.themes)}
    items = sorted(items, key=lambda it: (order.get(it.theme, len(order)), it.theme, rank[it.kind],
                                          (it.b or it.a).plan, (it.b or it.a).ref,
                                          it.a.plan if it.a else "", it.a.ref if it.a else ""))
    groups = []
    for th in dict.fromkeys(it.theme for it in items):
        its = tuple(it for it in items if it.theme == th)
        groups.append(TransferGroup(th, its, _kind_counts(its)))
    return tuple(groups), _kind_counts(items)


# --------------------------------------------------------------------------------------------
# Publishing policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishPair(_Serialisable):
    a: str        # older plan key
    b: str        # newer plan key
    slug: str     # "<province>-<plan-id>--<province>-<plan-id>"
    reasons: tuple[str, ...]  # consecutive | across_2025 | all_pairs


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


def transfer(plans: Iterable[Plan], registry: Registry, predecessor: str, successor: str | None = None,
             policy: "Mapping | Policy | None" = None) -> Transfer:
    """See :meth:`Engine.transfer`."""
    return Engine(registry, policy).transfer(plans, predecessor, successor)


def publish_pairs(plans: Iterable[Plan], registry: Registry, policy: "Mapping | Policy | None" = None) -> tuple[PublishPair, ...]:
    """See :meth:`Engine.publish_pairs`."""
    return Engine(registry, policy).publish_pairs(plans)


__all__ = [
    "Policy", "Engine", "Token", "tokenize", "similarity_tokens", "token_similarity", "text_similarity",
    "diff_token_runs", "word_diff", "PlanRef", "BlockRef", "TaskRef", "TaskPair", "BlockPair", "Event",
    "Summary", "HEADLINE_KINDS", "Comparison", "compare", "comparison_slug", "classify_change", "role_events",
    "TRANSFER_KINDS", "TransferItem", "TransferGroup", "Transfer", "reference_plans", "transfer",
    "PublishPair", "publish_pairs",
]
