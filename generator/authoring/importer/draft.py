"""The plan draft: sections, items, agency blocks and tasks (roles, suggested themes, NQ 28
indicators), the front matter, the repairs, and a `# REVIEW: ...` comment wherever the importer is
unsure; then `plansite import` itself (write, save the source text, validate)."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ...load import inside
from ...model import path_part
from ...registry import Registry, load_registry
from ...text import slugify, squash, tone_normalise
from .. import repair as rp
from ..ids import id_part, unique
from ..yaml_writer import dump_plan
from . import metadata as M
from .agencies import Agencies
from .paragraphs import (Node, Para, Zones, build_paragraphs, clean_line, document_head, item_tree, section_heading,
                         section_kind, short_title, split_heading, split_zones)
from .readers import read_source
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


def parse(raw: str, reg: Registry, content: Path, *, province: str | None = None, plan_id: str | None = None,
          pdf_mode: bool = False, source_file: str = "sources/unknown.txt", exclude: Path | None = None) -> Parsed:
    """The draft of one plan text: front matter, body, REVIEW comments, repairs and unsure spots."""
    paras, breaks = build_paragraphs(raw, pdf_mode)
    rep = _Repairs.of(raw, paras, breaks, content, exclude)
    head = document_head(paras)
    title = rep.fix(squash(" ".join(head.title_lines)))
    province = _province(province, title, paras[:head.start + 3], reg)
    d = Draft(reg, province, Agencies(reg, province))
    zones = split_zones(paras[head.start:], rep.fix, d.review)
    rep.signer_printed_twice(zones.sign)
    number, date = M.number_and_date(head.header, rep.fix)
    kind, y0, y1, plan_id = M.period(title, plan_id, zones.preamble, d.review)
    sections = d.sections(zones.sections)
    front = {"format": "plansite/plan/1", "province": province, "plan_id": plan_id, "kind": kind,
             "period": {"from": y0, "to": y1}, "title": title}
    report = _front_matter(front, d, zones, sections, rep, number, date, head.doc_type, source_file)
    if head.header:
        front["notes"].append("Letterhead lines before the document type are not kept in the body (the format has no place for them): "
                              + " | ".join(rep.fix(h.text) for h in head.header))
    return Parsed(front, _body(zones, sections, report), d.comments, d.review_count, rep.repairs, rep.findings)


def _province(given: str | None, title: str, first: list[Para], reg: Registry) -> str:
    """--province, else the province the title (or the first paragraphs) name."""
    province = given
    if province is None:
        province = M.province_in(title, reg) or M.province_in(" ".join(p.text for p in first), reg)
    if province is None or province not in reg.provinces:
        raise ValueError(f"cannot tell the province{f' {province!r}' if province else ''} (see registry/provinces.yml); pass --province")
    return province


def _front_matter(front: dict, d: Draft, zones: Zones, sections: list[dict], rep: _Repairs, number, date, doc_type,
                  source_file: str) -> dict:
    """Completes `front` (in the schema's key order), reviewing as it reads; returns what the body's
    `reporting` holds."""
    pvi = d.reg.provinces[d.province]["vi"]
    pre = " ".join(zones.preamble)
    blocks = [b for s in sections for b in s.get("blocks") or []]
    tasks = [t for b in blocks for t in b["tasks"]]
    lead = M.lead_agency(blocks, tasks, d.review)
    proposal = M.proposal(pre, d.ag, d.review)
    legal = M.reviewed_legal_bases(zones.preamble, pvi, d.review)
    signer = M.signer(zones.sign, d.review)
    refs = M.paragraph_refs(sections, zones.closing)
    report = M.reporting(refs, sections, d.ag, d.review)
    key_roles = M.key_roles(tasks, refs, lead if blocks else None, proposal, report, d.ag, d.review)
    M.review_agency_dates(sections, d.reg, date, front["period"]["from"], d.review)
    for k in zones.dist_stray:
        d.review(("body", "distribution", "entries", k), f"line '{zones.dist[k]}' stands between the list and the signature (a page number or copy count?); kept as printed")
    rep.review(" ".join(zones.preamble + [t for _, t in refs] + [s["heading"] for s in sections] + [b["name"] for b in blocks]),
               d.review)
    front.update({
        "document": M.document(doc_type, number, date, d.review),
        "issuing_body": M.issuing_body(pvi, pre, zones.sign, d.review),
        "signer": signer, "lead_agency": lead[0], "proposal": proposal, "legal_bases": legal, "key_roles": key_roles,
        "source": {"file": source_file, "seed": None, "url": None},
        "repairs": [{"find": r.find, "replace": r.replace, "note": r.note} for r in rep.repairs],
        "notes": ["Draft made by `plansite import`: themes, roles and key roles are keyword suggestions; resolve the REVIEW comments."],
    })
    return report


def _body(zones: Zones, sections: list[dict], report: dict) -> dict:
    body: dict = {"preamble": zones.preamble, "sections": sections}
    if zones.closing:
        body["closing"] = zones.closing
    if zones.dist_heading or zones.dist:
        body["distribution"] = {"heading": zones.dist_heading or "Nơi nhận:", "entries": zones.dist}
    if zones.sign:
        body["signature"] = {"lines": zones.sign}
    if zones.footnotes:
        body["footnotes"] = zones.footnotes
    body["reporting"] = {"recipient": report["recipient"], "via": report["via"], "deadlines": report["deadlines"]}
    if not zones.preamble:
        del body["preamble"]
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
    text, kind = read_source(path)
    rel = _relative_source(path, content) if kind == "txt" else None
    # First pass to learn province/plan id (for the source name and the plan excluded from the lexicon).
    pre = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf")
    prov, pid = pre.front["province"], pre.front["plan_id"]
    src = rel or f"sources/{prov}-{pid}.txt"
    exclude = content / "plans" / prov / f"{pid}.yml"
    parsed = parse(text, reg, content, province=province, plan_id=plan_id, pdf_mode=kind == "pdf",
                   source_file=src, exclude=exclude)
    if rel is None:
        parsed.comments.setdefault(("front", "source", "file"), []).append(
            f"REVIEW: the extracted text of {path.name} is the source: it must be saved as {src} under the content folder")
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
    _save_source(target, source_text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml_text, encoding="utf-8")
    _report_validation(out, content, parsed)
    return 0


def _save_source(target: Path, source_text: str) -> None:
    if not target.exists():
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
