"""The plan draft: sections, items, agency blocks and tasks (roles, suggested themes, NQ 28
indicators), the front matter, the repairs, and a `# REVIEW: ...` comment wherever the importer is
unsure; then `plansite import` itself (write, save the source text, validate)."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from ...load import inside
from ...model import path_part
from ...registry import Registry, load_registry
from ...text import slugify, squash, tone_normalise
from .. import repair as rp
from ..ids import id_part, unique
from ..yaml_writer import dump_plan
from . import annex as A
from . import decision as DEC
from . import head as H
from . import metadata as M
from .agencies import Agencies
from .paragraphs import (Node, Para, Zones, build_paragraphs, clean_line, document_head, item_tree, section_heading,
                         section_kind, short_title, split_heading, split_zones)
from .readers import read_document
from .smells import block_smells, task_smells

# ----------------------------------------------------------------------------------------------
# Themes and indicators
# ----------------------------------------------------------------------------------------------

THEME_RULES = {  # theme -> keyword patterns (regular expressions on lower-case text)
    "coordination": [r"^(chủ trì, )?(hướng dẫn|đôn đốc|chỉ đạo|theo dõi|tham mưu)", r"đôn đốc", r"điều phối", r"phối hợp liên ngành",
                     r"chương trình phối hợp", r"triển khai kế hoạch", r"xây dựng kế hoạch", r"ban hành kế hoạch"],
    "committee": [r"ban vì sự tiến bộ", r"ban vstbpn", r"kiện toàn"],
    "communication": [r"truyền thông", r"tuyên truyền", r"phổ biến", r"thông tin", r"báo chí", r"nhận thức", r"chuyên mục", r"phát thanh"],
    "training": [r"tập huấn", r"bồi dưỡng", r"đào tạo(?! nghề)", r"nâng cao năng lực", r"hội thảo"],
    "action-month": [r"tháng hành động"],
    "gbv-services": [r"bạo lực trên cơ sở giới", r"bạo lực giới", r"địa chỉ tin cậy", r"nhà tạm lánh", r"nạn nhân", r"tổng đài", r"xâm hại", r"quấy rối"],
    "domestic-violence": [r"bạo lực gia đình", r"gia đình văn hóa", r"xây dựng gia đình", r"trong gia đình"],
    "trafficking": [r"mua bán người", r"buôn bán người", r"môi giới hôn nhân", r"kết hôn với người nước ngoài"],
    "women-leadership": [r"cán bộ nữ", r"lãnh đạo, quản lý", r"lãnh đạo và quản lý", r"vị trí lãnh đạo", r"cơ quan dân cử", r"ứng cử", r"đại biểu",
                         r"bổ nhiệm", r"nữ lãnh đạo", r"quy hoạch"],
    "mainstreaming": [r"lồng ghép (vấn đề|giới|các mục tiêu|mục tiêu|một số chỉ tiêu|chỉ tiêu|bình đẳng giới|các dự án)", r"lồng ghép[^.;]{0,60}(vào|trong) (kế hoạch|chương trình|chính sách|xây dựng)",
                      r"văn bản quy phạm pháp luật", r"thẩm định"],
    "legal-aid": [r"trợ giúp pháp lý", r"tư vấn pháp luật"],
    "education": [r"(?<!phổ biến, )(?<!tuyên truyền, )(?<!truyền thông, )giáo dục(?! pháp luật)(?! chính sách)(?!, vận động)(?!, phổ biến)", r"trường học", r"học sinh", r"giảng dạy", r"cấp học", r"giáo viên", r"học đường"],
    "health": [r"sức khỏe", r"y tế", r"giới tính khi sinh", r"sinh sản", r"khám bệnh", r"chữa bệnh"],
    "ethnic-minorities": [r"dân tộc thiểu số", r"đồng bào", r"dự án 8", r"vùng dân tộc", r"miền núi"],
    "economic-empowerment": [r"việc làm", r"khởi nghiệp", r"vốn vay", r"phát triển kinh tế(?! ?[-–] ?xã hội)", r"lao động nữ",
                             r"người lao động nữ", r"mục tiêu 2\b"],
    # The Labour department's functions that went to other departments on 1 March 2025 (registry lineage)
    "child-protection": [r"bảo vệ trẻ em", r"chăm sóc trẻ em", r"xâm hại trẻ em", r"quyền trẻ em"],
    "social-protection": [r"bảo trợ xã hội", r"trợ giúp xã hội", r"tệ nạn xã hội", r"mại dâm"],
    "vocational-training": [r"dạy nghề", r"đào tạo nghề", r"giáo dục nghề nghiệp", r"học nghề"],
    "poverty-reduction": [r"giảm nghèo", r"hộ nghèo", r"phụ nữ nghèo", r"thoát nghèo"],
    "statistics": [r"thống kê", r"số liệu", r"cơ sở dữ liệu", r"tách biệt giới"],
    "budget": [r"kinh phí", r"ngân sách", r"nguồn lực", r"viện trợ", r"dự toán"],
    "inspection": [r"thanh tra", r"kiểm tra", r"giám sát", r"xử lý vi phạm", r"xử lý nghiêm"],
    "reporting": [r"báo cáo", r"sơ kết", r"tổng kết", r"khen thưởng", r"biểu dương"],
}
_THEME_RE = {t: [re.compile(("" if k.startswith("^") else r"(?<!\w)") + tone_normalise(k)) for k in ks] for t, ks in THEME_RULES.items()}


def suggest_themes(text: str, known: set, limit: int = 3) -> list[str]:
    low = tone_normalise(text.lower())
    scored = []
    for i, (theme, pats) in enumerate(_THEME_RE.items()):
        if theme not in known:
            continue
        hits = [m.start() for p in pats for m in p.finditer(low)]
        if hits:
            scored.append((-len(hits), min(hits), i, theme))
    scored.sort()
    return [t for *_, t in scored[:limit]]


def indicators(text: str) -> list[str]:
    """NQ 28 indicators named in the text: 'chỉ tiêu 1, 2 của mục tiêu 2' -> M2-CT1, M2-CT2."""
    out = []
    for m in re.finditer(r"((?:các\s+)?chỉ tiêu(?:\s+[\d,\s]+(?:và\s+\d+)?)?(?:\s*\([^)]*\))?(?:\s*,\s*[\d,\s]+(?:và\s+\d+)?)?)\s+của mục tiêu\s+(\d)", text):
        goal = m.group(2)
        nums = re.findall(r"\d+", re.sub(r"\([^)]*\)", "", m.group(1)))
        if nums:
            out += [f"M{goal}-CT{n}" for n in nums]
        else:
            out.append(f"M{goal}")
    return list(dict.fromkeys(out))


# ----------------------------------------------------------------------------------------------
# The body
# ----------------------------------------------------------------------------------------------

_ACTOR = re.compile(r"(Các |Sở |Ban |Hội |Ủy ban |Uỷ ban |UBND |Công an |Văn phòng |Đài |Báo |Liên đoàn |Tỉnh đoàn |Cục |Thống kê |Mặt trận )")
_ACTS = re.compile(r"(chủ trì|chủ động|xây dựng|tổ chức|thực hiện|triển khai|có trách nhiệm|chịu trách nhiệm|phối hợp|tham mưu|căn cứ)")


@dataclass
class _Block:
    """What every task of one agency block shares."""
    id: str
    ref: str
    path: tuple
    agencies: list[str]
    lead_heading: bool  # the heading says 'chủ trì': its agencies lead every task
    partners: list[str]  # agencies the heading names as partners


class Draft:
    """Builds the body and collects the REVIEW comments (path -> lines)."""

    def __init__(self, reg: Registry, province: str, agencies: Agencies):
        self.reg = reg
        self.province = province
        self.ag = agencies
        self.themes = set(reg.themes)
        self.comments: dict = {}
        self.review_count = 0
        self.annexes: list[A.Annex] = []  # assignment tables lifted out of the text (annex.take): their blocks join the implementation section

    def review(self, path, message: str):
        self.comments.setdefault(path, []).append("REVIEW: " + squash(message))
        self.review_count += 1

    # -- sections and items ----------------------------------------------------------------
    def sections(self, raw: list[tuple[str, str, list[str]]]) -> list[dict]:
        out: list[dict] = []
        for number, heading_line, paras in raw:
            out.append(self.section(number, heading_line, paras, ("body", "sections", len(out))))
        if not out:
            raise ValueError("no numbered sections (I., II., ...) found: is this a plan?")
        if not any(s["kind"] == "implementation" for s in out):
            self.review(("body", "sections"), "no implementation section (TỔ CHỨC THỰC HIỆN) found: no agency blocks")
        return out

    def section(self, number: str, heading_line: str, paras: list[str], spath: tuple) -> dict:
        heading, first_text = section_heading(heading_line)
        sec: dict = {"number": number, "kind": section_kind(heading), "heading": heading}
        stext, nodes = item_tree(([first_text] if first_text else []) + paras)
        if stext:
            sec["text"] = stext
        if sec["kind"] == "implementation":
            if len([n for n in nodes if n.label and n.rank == 1]) != len(nodes):
                self.review(spath, "paragraphs in the implementation section that are not numbered agency blocks were taken as blocks too")
            sec["blocks"] = self.blocks(nodes, number, spath)
            self.annex_blocks(sec, number, spath)
        elif nodes:
            sec["items"] = [self.item(n, number, k + 1) for k, n in enumerate(nodes)]
        return sec

    def item(self, node: Node, parent_ref: str, pos: int) -> dict:
        out: dict = {"label": node.label}
        ref = f"{parent_ref}.{path_part(node.label, pos)}"
        kids = node.children
        if kids and len(kids) == 1 and kids[0].label is None and not kids[0].children and node.label and node.rank == 1:
            out["heading"] = node.text  # "2. Yêu cầu" + one paragraph
            out["text"] = kids[0].text
            kids = []
        elif kids and (node.rank == 1 or (short_title(node.text) and node.label is not None)):
            out["heading"] = node.text
        else:
            head, text = split_heading(node.text, node.label) if not kids else (None, node.text)
            if head:
                out["heading"] = head
            out["text"] = text
        self.content_task(out, ref)
        if kids:
            out["items"] = [self.item(k, ref, i + 1) for i, k in enumerate(kids)]
        return out

    def content_task(self, item: dict, ref: str):
        """An item of a content section that names its own actor ("Các sở, ban, ngành ... chủ động ...")."""
        text = item.get("text") or ""
        if not _ACTOR.match(text):
            return
        got = self.ag.prefix(text, 24)
        if not got or not got[2] or not got[2][:1].islower():
            return
        ids, _, rest = got
        rest = re.sub(r"^(các cấp|cấp tỉnh|các ngành)\s+", "", rest)
        if not _ACTS.match(rest):
            return
        item["id"] = slugify(ref)
        item["ref"] = ref
        item["roles"] = {a: "responsible" for a in ids}
        item["themes"] = suggest_themes(text, self.themes) or ["coordination"]
        item["indicators"] = indicators(text)

    # -- blocks ----------------------------------------------------------------------------
    def block_heading(self, text: str) -> tuple[str, list[str] | None, str, str | None]:
        """(name, agencies, mode, task text on the heading line)."""
        mode = "requested" if re.match(r"Đề nghị\b", text, re.I) else "directed"
        prefix = re.match(r"Đề nghị\s+", text, re.I).group(0) if mode == "requested" else ""
        core = text[len(prefix):]
        if ":" in core:
            head, rest = core.split(":", 1)
            ids = self.ag.many(head)
            if ids:
                return prefix + head.strip() + ":", ids, mode, rest.strip() or None
            got = self.ag.prefix(head)
            if got and not rest.strip():
                return text, got[0], mode, None
            if got:
                return prefix + head.strip() + ":", got[0], mode, rest.strip()
        ids = self.ag.many(core)
        if ids:
            return text, ids, mode, None
        got = self.ag.prefix(core)
        if got:
            ids, head, rest = got
            return prefix + head, ids, mode, rest.strip() or None
        return text, None, mode, None

    def blocks(self, nodes: list[Node], number: str, spath: tuple) -> list[dict]:
        used: set = set()
        return [self.block(node, f"{number}.{path_part(node.label, bi + 1)}", spath + ("blocks", bi), used)
                for bi, node in enumerate(nodes)]

    def block(self, node: Node, bref: str, bpath: tuple, used: set) -> dict:
        name, ids, mode, first = self.block_heading(node.text)
        if ids is None:
            self.review(bpath, f"agency not found in the registry for '{name}': placeholder cac-so-nganh; add the agency (or an alias) to registry/agencies.yml and fix `agencies` and the roles")
            ids = ["cac-so-nganh"]
        task_nodes = ([Node(None, 0.5, first)] if first else []) + node.children
        if not task_nodes:
            self.review(bpath, "block with no task text: check the source")
            task_nodes = [Node(None, 0.5, name)]
        lead_heading = bool(re.search(r"\bchủ trì\b", name, re.I))
        blk = _Block(unique(ids[0], used), bref, bpath, ids, lead_heading, self.ag.mentioned(name) if lead_heading else [])
        tasks = [self.task(tn, ti, blk) for ti, tn in enumerate(task_nodes)]
        for message in block_smells(name, [tn.label for tn in node.children]):
            self.review(bpath, message)
        for ti, t in enumerate(tasks):
            for message in task_smells(t["text"], on_heading_line=first is not None and ti == 0):
                self.review(bpath + ("tasks", ti), message)
        return {"id": blk.id, "label": node.label, "name": name, "agencies": ids, "mode": mode, "tasks": tasks}

    def annex_blocks(self, sec: dict, number: str, spath: tuple) -> None:
        """The assignment tables' rows as agency blocks after the section's own blocks; the tables'
        heading, title, header and group rows kept as text (annex.py)."""
        annexes, self.annexes = self.annexes, []
        if not annexes:
            return
        text, blocks = sec.pop("text", []), sec.pop("blocks")
        if blocks:
            self.review(spath + ("blocks", len(blocks)), "the section has numbered blocks and an annex table too: the table's blocks follow them; check for tasks printed twice")
        used = {b["id"] for b in blocks}
        for ann in annexes:
            text += ann.lines
            groups, tail = A.groups(ann, lambda cell: tuple(self.block_heading(cell)[1] or ()) or squash(cell).casefold())
            for g in groups:
                blocks.append(self.annex_block(g, ann, f"{number}.{path_part(None, len(blocks) + 1)}", spath + ("blocks", len(blocks)), used))
            if tail or ann.after:
                text += tail + ann.after
                self.review(spath + ("text",), "rows or paragraphs after the annex table's last task kept as the section's text: "
                                               + "; ".join(x[:60] for x in tail + ann.after)[:300])
        sec["text"], sec["blocks"] = text, blocks  # the schema's order: text, then blocks

    def annex_block(self, g: A.Group, ann: A.Annex, bref: str, bpath: tuple, used: set) -> dict:
        name = g.name  # the agency cell as printed
        _, ids, mode, rest = self.block_heading(A.agency_words(name))
        if ids is None:
            self.review(bpath, f"agency not found in the registry for '{name}': placeholder cac-so-nganh; add the agency (or an alias) to registry/agencies.yml and fix `agencies` and the roles")
            ids = ["cac-so-nganh"]
        elif rest:
            self.review(bpath, f"the agency cell '{name}' holds more than agency names: check `agencies`")
        blk = _Block(unique(ids[0], used), bref, bpath, ids, False, [])
        printed = [r.label for r in g.rows if r.label]
        by_position = len(set(printed)) < len(printed)  # numbered per group: the refs would repeat
        if by_position:
            self.review(bpath, f"the rows' numbers repeat in this block ({', '.join(printed)}): its tasks are numbered by position")
        tasks = []
        for ti, row in enumerate(g.rows):
            t = self.task(Node(None if by_position else row.label, 3, row.task), ti, replace(blk, lead_heading=row.lead))
            names = re.sub(r"\(\s*phối hợp[^)]*\)", "", row.partners or "", flags=re.I)
            partners = (self.ag.many(names) or self.ag.mentioned("phối hợp với " + names)) if names.strip() else []
            for a in partners:  # the partners column: coordinating, whatever the task's words say
                t["roles"].setdefault(a, "coordinating")
            if names.strip() and not self.ag.many(names):
                self.review(bpath + ("tasks", ti, "roles"), f"partners '{row.partners}' not all found in the registry: check the roles")
            # Cells with no field of their own, as printed, as sub-items (the header row, kept once as
            # the section's text, says what they are: repeating it on each task would add words).
            extra = ([row.agency] if row.agency != name else []) + ([row.partners] if row.partners else []) + row.other
            if extra:
                t["items"] = [{"label": None, "text": c} for c in extra]
            if row.deadline:  # as printed, right after the text (the schema's order)
                t = {k: v for k, v in t.items() if k in ("id", "ref", "label", "text")} | {"deadline": row.deadline} | t
            for message in row.problems:
                self.review(bpath + ("tasks", ti), message)
            tasks.append(t)
        out = {"id": blk.id, "label": None, "name": name, "agencies": ids, "mode": mode}
        if g.text:
            out["text"] = g.text
        out["tasks"] = tasks
        return out

    def task(self, tn: Node, ti: int, blk: _Block) -> dict:
        part = path_part(tn.label, ti + 1)
        t = {"id": f"{blk.id}-{id_part(part)}", "ref": f"{blk.ref}.{part}", "label": tn.label, "text": tn.text}
        full = " ".join([tn.text] + [c.text for c in tn.children])
        t["roles"] = self.roles(full, blk)
        themes = suggest_themes(full, self.themes)
        if not themes:
            themes = ["coordination"]
            self.review(blk.path + ("tasks", ti, "themes"), "no theme keyword found; 'coordination' is a placeholder")
        t["themes"] = themes
        t["indicators"] = indicators(full)
        if tn.children:
            t["items"] = [self.item(c, t["ref"], ci + 1) for ci, c in enumerate(tn.children)]
        return t

    def roles(self, text: str, blk: _Block) -> dict:
        low = text.lower().lstrip()
        if re.match(r"(tiếp tục\s+)?(chủ trì|chịu trách nhiệm)", low):
            own = "lead"
        elif low.startswith("phối hợp"):
            own = "coordinating"
        elif blk.lead_heading:
            own = "lead"
        else:
            own = "responsible"
        roles = {a: own for a in blk.agencies}
        others = [a for a in self.ag.mentioned(text) if a not in roles]
        if blk.lead_heading and own == "lead":
            others += [a for a in blk.partners if a not in roles and a not in others]
        for a in others:
            roles[a] = "coordinating" if own in ("lead", "responsible") else "responsible"
        return roles


# ----------------------------------------------------------------------------------------------
# Repairs
# ----------------------------------------------------------------------------------------------

@dataclass
class _Repairs:
    """The repairs of one text (rp.Repair), the spots left unsure (rp.Finding), and `fix`."""
    repairs: list
    findings: list
    lex: rp.Lexicon
    chunks: list[str]  # the text's blank-line blocks, debris dropped, whitespace collapsed

    @classmethod
    def of(cls, raw: str, paras: list[Para], breaks, content: Path, exclude: Path | None) -> "_Repairs":
        lex = rp.corpus_lexicon(content, raw, exclude=exclude)
        repairs, findings = rp.find_repairs([p.text for p in paras], lex, breaks)
        chunks = [squash(" ".join(clean_line(ln) for ln in c.split("\n"))) for c in re.split(r"\n\s*\n", raw)]
        flat = squash(raw)
        kept = []
        for r in repairs:
            if r.find in flat and any(r.find in c for c in chunks):
                kept.append(r)
            else:
                findings.append(rp.Finding(r.find, f"possible repair '{r.replace}' spans a page break; not made"))
        return cls(kept, findings, lex, chunks)

    def fix(self, s: str) -> str:
        """A paragraph as repaired, NFC."""
        return rp.nfc(rp.apply(s, self.repairs))

    def signer_printed_twice(self, sign: list[str]) -> None:
        """A signer name the extraction printed twice: kept once in the signature, listed as a repair."""
        if not (len(sign) >= 2 and sign[-1] == sign[-2] and sign[-1].upper() != sign[-1]):
            return
        dup = f"{sign[-1]} {sign[-1]}"
        if any(dup in rp.nfc(c) for c in self.chunks):
            find = next((c[k:k + len(dup)] for c in self.chunks for k in range(len(c)) if rp.nfc(c[k:k + len(dup)]) == dup), dup)
            self.repairs.append(rp.Repair(find, sign[-1], "signer name printed twice at the end (extraction duplicate); kept once in the signature lines"))
            sign.pop()

    def review(self, body_text: str, review) -> None:
        """Unsure spots, words that still look damaged, letters that are no word."""
        for f in self.findings:
            review(("front", "repairs"), f"unsure, NOT repaired: {rp.nfc(f.text)!r}: {f.note}")
        unsure = {rp.nfc(f.text) for f in self.findings}
        left = [w for w in rp.leftovers(body_text) if w not in unsure]
        if left:
            review(("front", "repairs"), f"words that still look damaged: {', '.join(sorted(set(left))[:12])}")
        stray = sorted({m.group(1) for m in re.finditer(r"(?<![\w/])([bcdđghklmnpqrstvx]{2,4})(?![\w/])", body_text)
                        if not self.lex.known_trusted(m.group(1))})
        if stray:
            review(("front", "notes"), f"letters that are not a word, kept as printed (extraction artefact?): {', '.join(stray)}")


# ----------------------------------------------------------------------------------------------
# Parse
# ----------------------------------------------------------------------------------------------

@dataclass
class Parsed:
    front: dict
    body: dict
    comments: dict
    reviews: int
    repairs: list
    findings: list

    def review(self, path: tuple, message: str) -> None:
        self.comments.setdefault(path, []).append("REVIEW: " + squash(message))
        self.reviews += 1


@dataclass
class _Head:
    """What stands before the plan's body: the letterhead, the decision that wraps the plan, the
    document type and the number and date they print, and what a saved web page put before them."""
    letterhead: list[str]
    doc_type: str | None
    number: str | None
    date: str | None
    decision: dict | None
    preface: H.Preface


def parse(raw: str, reg: Registry, content: Path, *, province: str | None = None, plan_id: str | None = None,
          pdf_mode: bool = False, source_file: str = "sources/unknown.txt", exclude: Path | None = None) -> Parsed:
    """The draft of one plan text (or of a decision with its attached plan): front matter, body, REVIEW
    comments, repairs and unsure spots."""
    pre = H.strip_preface(raw)
    early: list[tuple[tuple, str]] = []  # REVIEWs found before the Draft exists
    wrapped = DEC.split_decision(pre.text, lambda path, why: early.append((path, why)))
    paras, breaks = build_paragraphs(wrapped.plan_text if wrapped else pre.text, pdf_mode)
    rep = _Repairs.of(pre.text, paras, breaks, content, exclude)
    head = document_head(paras)
    title_lines, after_title = H.bound_title(head.title_lines)
    title = rep.fix(squash(" ".join(title_lines)))
    decision = _fixed(wrapped.decision, rep.fix) if wrapped else None
    printed = wrapped.header if wrapped else [ln for p in head.header for ln in p.lines]
    letterhead, odd = H.letterhead(printed)
    letterhead = [rep.fix(ln) for ln in letterhead]
    number, date, place = M.letterhead_meta(letterhead)
    doc_type = head.doc_type
    if decision and not title:  # our copy ends with the decision: the plan's type and title from its title
        doc_type, title = _plan_named(decision)
        early.append((("front", "title"), "our copy ends before the attached plan: its type and title are read from the decision's title; check them"))
    province = _province(province, [title] + ([decision["title"], decision.get("issuer") or ""] if decision else [])
                         + letterhead + [p.text for p in paras[:head.start + 3]], reg)
    d = Draft(reg, province, Agencies(reg, province))
    for path, why in early:
        d.review(path, why)
    for p in paras[:head.start]:  # bounds of the head's paragraphs guessed from line shapes
        for note in p.notes:
            d.review(("front", "title"), note)
    elsewhere = place and M.province_in(f"tỉnh {place}", reg)
    if elsewhere and elsewhere != province:
        d.review(("body", "letterhead"), f"the letterhead's place '{place}' is in {elsewhere}, the draft's province is {province}: check the province")
    for line in odd:
        d.review(("body", "letterhead"), f"line before the document type that does not look like a letterhead line, kept as printed: '{line}'")
    footer = H.footer_lines(wrapped.between) if wrapped else []
    between = [x for x in wrapped.between if x not in footer] if wrapped else []
    if between:  # the attached plan's own letterhead, as a rule
        letterhead += [rep.fix(x) for x in between]
        d.review(("body", "letterhead"), f"lines between the decision's signer and the attached plan kept as letterhead lines (the plan's own?): {' | '.join(between)}")
    chunk = paras[head.start - 1].chunk if 0 < head.start <= len(paras) else 0
    body_paras = [Para(t, [t], chunk) for t in after_title] + paras[head.start:]
    body_paras, d.annexes = A.take(body_paras, rep.fix, d.review)
    zones = split_zones(body_paras, rep.fix, d.review)
    zones.sign, tail = H.page_footer(zones.sign)
    footer += tail
    if footer:
        d.review(("body", "signature"), f"dropped {len(footer)} line(s) of a saved page's footer, no text of the plan: {' | '.join(footer)[:200]}")
    rep.signer_printed_twice(zones.sign)
    also = [decision["title"]] + [a["text"] for a in decision["articles"][:1]] if decision else []
    kind, y0, y1, plan_id = M.period(title, plan_id, zones.preamble or (decision or {}).get("preamble", []), d.review,
                                     date=date, also=also)
    sections = d.sections(zones.sections) if zones.sections or not decision else []
    front = {"format": "plansite/plan/1", "province": province, "plan_id": plan_id, "kind": kind,
             "period": {"from": y0, "to": y1}, "title": title}
    hd = _Head(letterhead, doc_type, number, date, decision, pre)
    report = _front_matter(front, d, zones, sections, rep, hd, source_file)
    return Parsed(front, _body(zones, sections, report, hd), d.comments, d.review_count, rep.repairs, rep.findings)


def _fixed(decision: dict, fix) -> dict:
    """The decision's texts repaired and NFC, like the plan's."""
    out: dict = {}
    for k, v in decision.items():
        if isinstance(v, str):
            out[k] = fix(v)
        elif k == "preamble":
            out[k] = [fix(x) for x in v]
        elif k == "articles":
            out[k] = [{"label": a["label"], "text": fix(a["text"])} for a in v]
        elif k == "distribution":
            out[k] = {"heading": fix(v["heading"]), "entries": [fix(x) for x in v["entries"]]}
        else:
            out[k] = {"lines": [fix(x) for x in v["lines"]]}
    return out


def _plan_named(decision: dict) -> tuple[str, str]:
    """('KẾ HOẠCH', its title) from 'BAN HÀNH KẾ HOẠCH <title>' (or 'Về việc ban hành Kế hoạch <title>')."""
    m = re.search(r"\b(kế hoạch|chương trình|đề án)\s+(.+)$", decision["title"], re.I)
    if not m:
        return "KẾ HOẠCH", decision["title"]
    return m.group(1).upper(), m.group(2).strip()


def _province(given: str | None, texts: list[str], reg: Registry) -> str:
    """--province, else the province the title (or the decision, the letterhead, the first paragraphs) name."""
    province = given
    if province is None:
        province = next((p for p in (M.province_in(t, reg) for t in texts[:1]) if p), None) \
            or M.province_in(" ".join(texts[1:]), reg)
    if province is None or province not in reg.provinces:
        raise ValueError(f"cannot tell the province{f' {province!r}' if province else ''} (see registry/provinces.yml); pass --province")
    return province


def _front_matter(front: dict, d: Draft, zones: Zones, sections: list[dict], rep: _Repairs, hd: _Head,
                  source_file: str) -> dict:
    """Completes `front` (in the schema's key order), reviewing as it reads; returns what the body's
    `reporting` holds."""
    pvi = d.reg.provinces[d.province]["vi"]
    pre = " ".join(zones.preamble)
    dec = hd.decision or {}
    dec_pre = dec.get("preamble") or []
    blocks = [b for s in sections for b in s.get("blocks") or []]
    tasks = [t for b in blocks for t in b["tasks"]]
    text = _text_status(sections, zones, hd, d.review)
    lead = M.lead_agency(blocks, tasks, d.review) if blocks or not text else (None, None)
    proposal = M.proposal(pre, d.ag, d.review)
    proposer_where = "preamble"
    if proposal is None and dec_pre:  # the decision was issued on the proposal
        proposal, proposer_where = M.proposal(" ".join(dec_pre), d.ag, d.review), "decision"
    own = M.legal_bases(zones.preamble, pvi)  # the plan's own legal bases first; else the decision's
    legal = M.reviewed_legal_bases(zones.preamble if own or not dec_pre else dec_pre, pvi, d.review)
    sign = zones.sign or (dec.get("signature") or {}).get("lines") or []
    signer = M.signer(sign, d.review)
    refs = M.paragraph_refs(sections, zones.closing)
    report = M.reporting(refs, sections, d.ag, d.review)
    key_roles = M.key_roles(tasks, refs, lead if blocks else None, proposal, report, d.ag, d.review, proposer_where)
    M.review_agency_dates(sections, d.reg, hd.date, front["period"]["from"], d.review)
    for k in zones.dist_stray:
        d.review(("body", "distribution", "entries", k), f"line '{zones.dist[k]}' stands between the list and the signature (a page number or copy count?); kept as printed")
    rep.review(" ".join(zones.preamble + [t for _, t in refs] + [s["heading"] for s in sections] + [b["name"] for b in blocks]
                        + dec_pre + [a["text"] for a in dec.get("articles") or []]), d.review)
    attached = M.attached_to(zones.preamble)
    if attached and hd.decision and attached[0] and hd.number and attached[0] != hd.number:
        d.review(("front", "document"), f"the plan's line '{attached[2][:90]}' names another decision than the letterhead's {hd.number}: check the number")
    if attached and not hd.decision and hd.number is None and (attached[0] or attached[1]):
        hd.number, hd.date = attached[0], attached[1]  # our copy is the attached plan alone: the decision's number is its number
        d.review(("front", "document"), f"number and date taken from the plan's line '{attached[2][:70]}' (the decision that promulgates it): check them")
    document = M.document(hd.doc_type, hd.number, hd.date, d.review)
    if attached and not hd.decision and (hd.number or hd.date):
        document["number_source"]["note"] = ("The number and date are those of the decision that promulgates the plan, "
                                             "as the plan's '(Ban hành kèm theo Quyết định ...)' line prints them.")
    if hd.decision and (hd.number or hd.date):
        document["number_source"]["note"] = (f"The number and date are those of the decision ({dec['type'].capitalize()} {hd.number or ''}) "
                                             "printed in our copy, which promulgates the plan.").replace(" )", ")")
    source = {"file": source_file, "seed": None, "url": None}
    if hd.preface.url:
        source["url"] = hd.preface.url
        d.review(("front", "source"), "source url taken from the saved page's metadata header: check it is the page the text comes from")
    if hd.preface.dropped:
        shown = "; ".join(x if len(x) <= 60 else x[:57] + "..." for x in hd.preface.dropped[:8])
        d.review(("front", "notes"), f"dropped {len(hd.preface.dropped)} line(s) before the letterhead that are no text of the plan "
                                     f"(a saved page's metadata header, URLs): {shown}")
    if text:
        front["text"] = text
    front.update({
        "document": document,
        "issuing_body": M.issuing_body(pvi, " ".join([pre, *dec_pre, dec.get("issuer") or "", *hd.letterhead]), sign, d.review),
        "signer": signer, "lead_agency": lead[0], "proposal": proposal, "legal_bases": legal, "key_roles": key_roles,
        "source": source,
        "repairs": [{"find": r.find, "replace": r.replace, "note": r.note} for r in rep.repairs],
        "notes": ["Draft made by `plansite import`: themes, roles and key roles are keyword suggestions; resolve the REVIEW comments."],
    })
    return report


def _text_status(sections: list[dict], zones: Zones, hd: _Head, review) -> dict | None:
    """`text: {status: partial, ...}` when our copy lacks the implementation section or the signature
    (schema/README.md "Partial texts"): the place it reaches, and what is missing, to be checked."""
    impl = any(s["kind"] == "implementation" for s in sections)
    signed = bool(zones.sign or (hd.decision and (hd.decision.get("signature") or {}).get("lines")))
    if impl and signed:
        return None
    ends_at = _ends_at(sections, zones, hd)
    lacks_vi = ([] if impl else ["phần Tổ chức thực hiện (cơ quan nào làm gì)"]) + ([] if signed else ["nơi nhận và chữ ký"])
    lacks_en = ([] if impl else ["the implementation section (which agency does what)"]) + ([] if signed else ["the distribution list and the signature"])
    where_vi = "chỉ có Quyết định ban hành kế hoạch" if ends_at == "decision" else f"dừng ở {'phần mở đầu' if ends_at == 'preamble' else ends_at}"
    where_en = "holds only the decision that promulgates the plan" if ends_at == "decision" else \
        f"breaks off at {'the preamble' if ends_at == 'preamble' else ends_at}"
    review(("front", "text"), f"the text lacks {' and '.join(x.split(' (')[0] for x in lacks_en)}: drafted as a partial text ending at "
                              f"'{ends_at}'; check that our copy is incomplete, and say in missing_vi/missing_en what is missing")
    return {"status": "partial", "ends_at": ends_at,
            "missing_vi": f"Bản của chúng tôi {where_vi}; thiếu {' và '.join(lacks_vi)}.",
            "missing_en": f"Our copy {where_en}; {' and '.join(lacks_en)} {'are' if len(lacks_en) > 1 else 'is'} missing."}


def _ends_at(sections: list[dict], zones: Zones, hd: _Head) -> str | None:
    """The last place our copy reaches: the last paragraph's ref, else 'preamble' or 'decision'."""
    if sections:
        last = sections[-1]["number"]
        refs = [r for r, _ in M.paragraph_refs(sections[-1:], [])]
        return refs[-1] if refs else last
    if zones.preamble:
        return "preamble"
    return "decision" if hd.decision else None


def _body(zones: Zones, sections: list[dict], report: dict, hd: _Head) -> dict:
    body: dict = {}
    if hd.letterhead:
        body["letterhead"] = hd.letterhead
    if hd.decision:
        body["decision"] = hd.decision
    if zones.preamble:
        body["preamble"] = zones.preamble
    body["sections"] = sections
    if zones.closing:
        body["closing"] = zones.closing
    if zones.dist_heading or zones.dist:
        body["distribution"] = {"heading": zones.dist_heading or "Nơi nhận:", "entries": zones.dist}
    if zones.sign:
        body["signature"] = {"lines": zones.sign}
    if zones.footnotes:
        body["footnotes"] = zones.footnotes
    body["reporting"] = {"recipient": report["recipient"], "via": report["via"], "deadlines": report["deadlines"]}
    return body


# ----------------------------------------------------------------------------------------------
# Command
# ----------------------------------------------------------------------------------------------

def _relative_source(path: Path, content: Path) -> str | None:
    try:
        return path.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return None


def draft(path: Path, content: Path, province: str | None = None, plan_id: str | None = None) -> tuple[str, Parsed, str, str]:
    """(YAML text, parsed draft, source text, content-relative source path) for one input file."""
    reg, errors = load_registry(content)
    if reg is None or errors:
        raise ValueError(f"registry errors under {content}: {errors[0].format() if errors else 'unreadable'}")
    if province is not None and province not in reg.provinces:
        raise ValueError(f"unknown province '{province}' (see {content / 'registry/provinces.yml'})")
    if plan_id is not None and not re.fullmatch(r"\d{4}(-\d{4})?", plan_id):
        raise ValueError(f"plan id '{plan_id}' is not a year (2025) or a period (2021-2030)")
    source = read_document(path)
    text, kind = source.text, source.kind
    rel = _relative_source(path, content) if source.verbatim else None  # a converted text is saved as a new source
    # First pass to learn province/plan id (for the source name and the plan excluded from the lexicon).
    pre = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf")
    prov, pid = pre.front["province"], pre.front["plan_id"]
    src = rel or f"sources/{prov}-{pid}.txt"
    exclude = content / "plans" / prov / f"{pid}.yml"
    parsed = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf",
                   source_file=src, exclude=exclude)
    for note in source.notes:  # encoding, line ends, few Vietnamese letters (readers.py)
        parsed.review(("front", "source", "file"), note)
    if rel is None:
        what = "converted" if kind == "txt" else "extracted"
        parsed.comments.setdefault(("front", "source", "file"), []).append(
            f"REVIEW: the {what} text of {path.name} is the source: it must be saved as {src} under the content folder")
    header = [f"DRAFT made by `plansite import` from {path.name}. Resolve every '# REVIEW' comment, then delete it.",
              "Texts are the source's wording (extraction debris dropped, repairs listed in `repairs`)."]
    return dump_plan(parsed.front, parsed.body, parsed.comments, header), parsed, text, src


def _err(message: str) -> int:
    print(f"plansite: error: {message}", file=sys.stderr)
    return 1


def import_file(path: Path, province: str | None, plan_id: str | None, content: Path, out: Path | None) -> int:
    """`plansite import`: write the draft to `out` (or stdout); save a .docx/.pdf's extracted text as the source."""
    if not path.is_file():
        return _err(f"{path}: no such file")
    if path.suffix.lower() not in (".txt", ".md", ".docx", ".pdf", ""):
        return _err(f"{path}: unsupported file type '{path.suffix}' (use .txt, .docx or .pdf)")
    try:
        yaml_text, parsed, source_text, src = draft(path, content, province, plan_id)
    except ValueError as exc:
        return _err(str(exc))
    if out is None:
        sys.stdout.write(yaml_text)
        return 0
    target = content / src
    if not inside(target, content / "sources"):  # the name comes from the text: it may not reach out
        return _err(f"{src}: the source would be saved outside {content / 'sources'}")
    _save_source(target, source_text, replaces=path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml_text, encoding="utf-8")
    _report_validation(out, content, parsed)
    return 0


def _save_source(target: Path, source_text: str, replaces: Path) -> None:
    """Save the text; never over another text, but over the input itself when it is converted
    (a Windows-1258 file under sources/ becomes its UTF-8 text)."""
    if not target.exists() or target.resolve() == replaces.resolve():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source_text, encoding="utf-8")
        print(f"plansite: saved the source text as {target}", file=sys.stderr)
    elif target.read_text(encoding="utf-8", errors="replace") != source_text:
        print(f"plansite: warning: {target} exists with other text; not overwritten (the repairs may not match it)", file=sys.stderr)


def _report_validation(out: Path, content: Path, parsed: Parsed) -> None:
    from ...validate import check_file
    reg, _ = load_registry(content)
    plan, diags = check_file(out, content, reg)
    n_err = sum(dg.severity == "error" for dg in diags)
    for dg in diags:
        print(dg.format(), file=sys.stderr)
    print(f"plansite: wrote {out}: {len(parsed.front['repairs'])} repairs, {parsed.reviews} REVIEW comments; "
          f"validate: {'ok' if not n_err else f'{n_err} errors'}", file=sys.stderr)
