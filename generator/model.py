"""Model: frozen dataclasses built from validated plan values. No I/O here."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Role:
    agency: str
    role: str  # lead | coordinating | responsible


@dataclass(frozen=True)
class Item:
    """A numbered item, bullet or paragraph. With an id it is also a task."""
    label: str | None
    heading: str | None
    text: str | None
    ref: str
    items: tuple["Item", ...] = ()
    id: str | None = None
    roles: tuple[Role, ...] = ()
    themes: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    deadline: str | None = None  # a task's deadline as printed (an annex table's "Thời gian thực hiện" column)

    @property
    def full_text(self) -> str:
        """The task's words: heading, text and sub-items, as one string."""
        parts = [p for p in (self.heading, self.text) if p]
        parts += [sub.line() for sub in self.items]
        return " ".join(parts)

    def line(self) -> str:
        return " ".join(p for p in (self.label, self.heading, self.text) if p)


@dataclass(frozen=True)
class Block:
    id: str
    label: str | None
    name: str
    agencies: tuple[str, ...]
    mode: str  # directed | requested
    text: tuple[str, ...]
    tasks: tuple[Item, ...]
    ref: str


@dataclass(frozen=True)
class Section:
    number: str
    kind: str
    heading: str
    text: tuple[str, ...]
    items: tuple[Item, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Task:
    """A task wherever it stands: in an implementation block or inside a content section."""
    item: Item
    section: Section
    block: Block | None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def mode(self) -> str:
        return self.block.mode if self.block else "directed"

    @property
    def deadline(self) -> str | None:
        return self.item.deadline


@dataclass(frozen=True)
class LegalBasis:
    number: str | None
    type: str | None
    date: str | None
    issuer: str | None
    title: str | None


@dataclass(frozen=True)
class KeyRole:
    agency: str
    where: str | None


@dataclass(frozen=True)
class Deadline:
    report: str
    due: str
    where: str | None


@dataclass(frozen=True)
class Decision:
    """A decision that promulgates the plan (Quyết định ban hành Kế hoạch ...), printed before it."""
    type: str
    title: str
    issuer: str | None
    preamble: tuple[str, ...]
    heading: str
    articles: tuple[tuple[str, str], ...]  # (label, text)
    distribution_heading: str | None
    distribution: tuple[str, ...]
    signature: tuple[str, ...]


@dataclass(frozen=True)
class Repair:
    find: str
    replace: str
    note: str


@dataclass(frozen=True)
class Plan:
    NOT_FINGERPRINTED = ("path",)  # the build cache keys a plan on what it says, not where it was read from
    path: str  # the YAML file's path, as the command was given the content folder
    province: str
    plan_id: str
    kind: str
    year_from: int
    year_to: int
    title: str
    doc_type: str
    number: str | None
    date: str | None
    number_source: dict
    issuing_body: str
    signer_name: str | None
    signer_title: str | None
    signer_authority: str | None
    lead_agency: str | None  # None only for a partial text that does not show it
    proposal: dict | None
    legal_bases: tuple[LegalBasis, ...]
    key_roles: tuple[tuple[str, KeyRole | None], ...]
    source_file: str
    source_seed: str | None
    source_url: str | None
    repairs: tuple[Repair, ...]
    notes: tuple[str, ...]
    synthetic: bool
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    closing: tuple[str, ...]
    distribution_heading: str | None
    distribution: tuple[str, ...]
    signature: tuple[str, ...]
    footnotes: tuple[tuple[str, str], ...]
    report_recipient: str | None
    report_via: str | None
    deadlines: tuple[Deadline, ...]
    tasks: tuple[Task, ...] = field(default=(), compare=False)
    # How complete our text is: "full", or "partial" with where it ends and what is missing
    # (per language: {"vi": ..., "en": ...}). A partial plan's absent sections say nothing.
    text_status: str = "full"
    text_ends_at: str | None = None
    text_missing: dict = field(default_factory=dict, compare=False)
    letterhead: tuple[str, ...] = ()
    decision: Decision | None = None

    @property
    def partial(self) -> bool:
        return self.text_status == "partial"

    @cached_property  # read millions of times by the matrix and comparisons at 1,300 plans
    def key(self) -> str:
        """`<province>/<plan-id>`, the plan's identity everywhere."""
        return f"{self.province}/{self.plan_id}"

    @cached_property
    def slug(self) -> str:
        return f"{self.province}-{self.plan_id}"

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(b for s in self.sections for b in s.blocks)

    def key_role(self, name: str) -> KeyRole | None:
        return dict(self.key_roles).get(name)

    @property
    def reading_date(self) -> str:
        """The date the plan is read at: its document date, else 1 January of its first year."""
        return self.date or f"{self.year_from}-01-01"

    def holder(self, role: str) -> tuple[str | None, str | None]:
        """(agency, where) of a key role; lead, report recipient and proposer fall back to the front matter."""
        kr = self.key_role(role)
        if kr is not None:
            return kr.agency, kr.where
        if role == "lead" and self.lead_agency:
            return self.lead_agency, None
        if role == "report_recipient" and self.report_recipient:
            return self.report_recipient, None
        if role == "proposer" and self.proposal and self.proposal.get("agency"):
            return self.proposal["agency"], "preamble"
        return None, None


KEY_ROLE_NAMES = ("proposer", "lead", "report_recipient", "committee_standing_body",
                  "action_month", "inspection", "statistics")
ROLE_ORDER = ("lead", "responsible", "coordinating")  # strongest first: the one ranking of task roles
ROLE_RANK = {r: len(ROLE_ORDER) - i for i, r in enumerate(ROLE_ORDER)}  # lead 3 > responsible 2 > coordinating 1


def strongest(roles) -> str | None:
    return max(roles, key=lambda r: ROLE_RANK.get(r, 0), default=None)


def chronological(plans) -> list["Plan"]:
    """Plans in time order: reading date, then province and plan id (the order of succession)."""
    return sorted(plans, key=lambda p: (p.reading_date, p.province, p.plan_id))


def newest_first(plans) -> list["Plan"]:
    return sorted(plans, key=lambda p: (p.reading_date, p.key), reverse=True)


def path_part(label: str | None, position: int) -> str:
    """`a)` -> `a`, `1.` -> `1`, `a/` -> `a`; bullets and unlabelled paragraphs -> `p<position>`."""
    core = (label or "").strip().rstrip(".)/").strip()
    if not any(ch.isalnum() for ch in core):  # a bullet of any shape: -, +, •, Word's Symbol-font  ...
        return f"p{position}"
    return core


def _item(raw: dict, parent_ref: str, position: int) -> Item:
    ref = f"{parent_ref}.{path_part(raw.get('label'), position)}"
    return Item(
        label=raw.get("label"), heading=raw.get("heading"), text=raw.get("text"), ref=ref,
        items=tuple(_item(sub, ref, i + 1) for i, sub in enumerate(raw.get("items") or [])),
        id=raw.get("id"),
        roles=tuple(Role(a, r) for a, r in (raw.get("roles") or {}).items()),
        themes=tuple(raw.get("themes") or ()), indicators=tuple(raw.get("indicators") or ()),
        deadline=raw.get("deadline"),
    )


def _section(raw: dict) -> Section:
    number = str(raw["number"])
    blocks = []
    for i, b in enumerate(raw.get("blocks") or []):
        bref = f"{number}.{path_part(b.get('label'), i + 1)}"
        blocks.append(Block(
            id=b["id"], label=b.get("label"), name=b["name"], agencies=tuple(b["agencies"]),
            mode=b.get("mode", "directed"), text=tuple(b.get("text") or ()), ref=bref,
            tasks=tuple(_item(t, bref, j + 1) for j, t in enumerate(b.get("tasks") or [])),
        ))
    return Section(
        number=number, kind=raw["kind"], heading=raw["heading"], text=tuple(raw.get("text") or ()),
        items=tuple(_item(it, number, i + 1) for i, it in enumerate(raw.get("items") or [])),
        blocks=tuple(blocks),
    )


def walk_items(items):
    for it in items:
        yield it
        yield from walk_items(it.items)


def build_plan(front: dict, body: dict, path: str) -> Plan:
    doc = front.get("document") or {}
    signer = front.get("signer") or {}
    source = front.get("source") or {}
    reporting = body.get("reporting") or {}
    dist = body.get("distribution") or {}
    sections = tuple(_section(s) for s in body.get("sections") or [])
    tasks = []
    for s in sections:
        for it in walk_items(s.items):
            if it.id:
                tasks.append(Task(it, s, None))
        for b in s.blocks:
            tasks.extend(Task(t, s, b) for t in b.tasks)
    roles = front.get("key_roles") or {}
    text = front.get("text") or {}
    dec = body.get("decision")
    decision = None if not dec else Decision(
        type=dec["type"], title=dec["title"], issuer=dec.get("issuer"), preamble=tuple(dec.get("preamble") or ()),
        heading=dec["heading"], articles=tuple((a["label"], a["text"]) for a in dec["articles"]),
        distribution_heading=(dec.get("distribution") or {}).get("heading"),
        distribution=tuple((dec.get("distribution") or {}).get("entries") or ()),
        signature=tuple((dec.get("signature") or {}).get("lines") or ()))
    return Plan(
        path=path, province=front["province"], plan_id=str(front["plan_id"]), kind=front["kind"],
        year_from=front["period"]["from"], year_to=front["period"]["to"], title=front["title"],
        doc_type=doc.get("type") or "KẾ HOẠCH", number=doc.get("number"), date=doc.get("date"),
        number_source=dict(doc.get("number_source") or {}), issuing_body=front["issuing_body"],
        signer_name=signer.get("name"), signer_title=signer.get("title"), signer_authority=signer.get("authority"),
        lead_agency=front.get("lead_agency"), proposal=front.get("proposal"),
        legal_bases=tuple(LegalBasis(lb.get("number"), lb.get("type"), lb.get("date"), lb.get("issuer"), lb.get("title"))
                          for lb in front.get("legal_bases") or []),
        key_roles=tuple((name, KeyRole(roles[name]["agency"], roles[name].get("where")) if roles.get(name) else None)
                        for name in KEY_ROLE_NAMES),
        source_file=source.get("file"), source_seed=source.get("seed"), source_url=source.get("url"),
        repairs=tuple(Repair(r["find"], r["replace"], r.get("note", "")) for r in front.get("repairs") or []),
        notes=tuple(front.get("notes") or ()), synthetic=bool(front.get("synthetic", False)),
        preamble=tuple(body.get("preamble") or ()), sections=sections, closing=tuple(body.get("closing") or ()),
        distribution_heading=dist.get("heading"), distribution=tuple(e[2:] if e.startswith("- ") else e for e in dist.get("entries") or ()),
        signature=tuple((body.get("signature") or {}).get("lines") or ()),
        footnotes=tuple((f["mark"], f["text"]) for f in body.get("footnotes") or []),
        report_recipient=reporting.get("recipient"), report_via=reporting.get("via"),
        deadlines=tuple(Deadline(d["report"], d["due"], d.get("where")) for d in reporting.get("deadlines") or []),
        tasks=tuple(tasks),
        text_status=text.get("status", "full"), text_ends_at=text.get("ends_at"),
        text_missing={k[len("missing_"):]: v for k, v in text.items() if k.startswith("missing_")},
        letterhead=tuple(body.get("letterhead") or ()), decision=decision,
    )


def plain_paragraphs(plan: Plan) -> list[str]:
    """The plan read back as plain paragraphs, in source order (see schema/README.md)."""
    out = [*plan.letterhead]
    d = plan.decision
    if d:  # the decision comes first; the attached plan's heading and title follow it
        out += [d.type, d.title, d.issuer, *d.preamble, d.heading, *(f"{lab} {txt}" for lab, txt in d.articles)]
        if d.distribution_heading:
            out.append(d.distribution_heading)
        out += [f"- {e}" for e in d.distribution]
        out += d.signature
    out += [plan.doc_type, plan.title, *plan.preamble]

    def items(its):
        for it in its:
            out.append(it.line())
            if it.deadline:
                out.append(it.deadline)
            items(it.items)

    for s in plan.sections:
        out.append(f"{s.number}. {s.heading}")
        out.extend(s.text)
        items(s.items)
        for b in s.blocks:
            out.append(" ".join(p for p in (b.label, b.name) if p))
            out.extend(b.text)
            items(b.tasks)
    out.extend(plan.closing)
    if plan.distribution_heading:
        out.append(plan.distribution_heading)
    out.extend(f"- {e}" for e in plan.distribution)  # the list dash is printed in every source
    out.extend(plan.signature)
    out.extend(f"{m} {t}" for m, t in plan.footnotes)
    return [p for p in out if p]
