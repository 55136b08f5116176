"""Synthetic corpus for benchmarks: `plansite synth --plans N --out DIR [--seed S]` (from a checkout:
the command loads this file), or `synth()` from the benchmark scripts.

Writes a complete, valid content tree into DIR (never into the repository's content/):

- registry/: agencies, themes and indicators copied from the real content; provinces.yml is a
  SYNTHETIC registry of all 63 pre-2025 provinces with the 1 July 2025 mergers into 34 (the real
  entries of content/registry/provinces.yml are kept as they are; the others carry only names,
  pre-2025 codes and the merger). It is written into DIR only.
- plans/<province>/<plan-id>.yml: N plans over the 63 provinces and the years 2011–2030, each
  derived from one of the real plans (the "template") with realistic variation: agency blocks
  dropped and borrowed from other plans, tasks dropped, borrowed and reworded, province, year,
  numbers, dates and signer changed. The 2025 restructuring is applied through the registry
  lineage: a plan dated on/after 2025-03-01 names Sở Nội vụ where its template named Sở LĐTBXH
  (and so on for every agency with a successor), a plan dated before it the other way round;
  from 2025-07-01 only the 34 surviving provinces have plans and district committees become
  commune committees. Every plan has `synthetic: true` and the note "SYNTHETIC — generated for
  benchmarks".
- sources/<province>-<plan-id>.txt: the plan's plain text (model.plain_paragraphs) under a
  SYNTHETIC header, so `source.file` resolves.

Deterministic: the same seed gives the same bytes. Each plan is generated from its own random
stream (seed + plan key), and the plans are taken from one seeded, era-stratified order, so the
corpus for N=100 is a subset of the corpus for N=400 (same files, same bytes).

The texts are plausible, not historical: years, numbers and names are shifted mechanically.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from generator.authoring.ids import id_part, unique
from generator.authoring.lineage import carry_agencies, carry_roles
from generator.authoring.yaml_writer import dump_yaml
from generator.load import inside
from generator.model import build_plan, path_part, plain_paragraphs
from generator.registry import agency_names, load_registry

ROOT = Path(__file__).resolve().parent.parent
REPO_CONTENT = ROOT / "content"
NOTE = "SYNTHETIC — generated for benchmarks"
MARKER = "SYNTHETIC.md"
SWITCH = "2025-03-01"   # ND 45/2025: Sở LĐTBXH -> Sở Nội vụ, ... (registry successors' `effective`)
MERGER = "2025-07-01"   # NQ 202/2025/QH15: 63 provinces -> 34
FIRST_YEAR, LAST_YEAR = 2011, 2030
STRATEGY_PERIODS = ((2011, 2020), (2016, 2020), (2021, 2025), (2021, 2030), (2026, 2030))

# code, id, vi, en, merged into (1 July 2025). The 34 survivors are the ids nothing is merged into.
PROVINCES = """
01 ha-noi Hà Nội|Ha Noi
02 ha-giang Hà Giang|Ha Giang > tuyen-quang
04 cao-bang Cao Bằng|Cao Bang
06 bac-kan Bắc Kạn|Bac Kan > thai-nguyen
08 tuyen-quang Tuyên Quang|Tuyen Quang
10 lao-cai Lào Cai|Lao Cai
11 dien-bien Điện Biên|Dien Bien
12 lai-chau Lai Châu|Lai Chau
14 son-la Sơn La|Son La
15 yen-bai Yên Bái|Yen Bai > lao-cai
17 hoa-binh Hòa Bình|Hoa Binh > phu-tho
19 thai-nguyen Thái Nguyên|Thai Nguyen
20 lang-son Lạng Sơn|Lang Son
22 quang-ninh Quảng Ninh|Quang Ninh
24 bac-giang Bắc Giang|Bac Giang > bac-ninh
25 phu-tho Phú Thọ|Phu Tho
26 vinh-phuc Vĩnh Phúc|Vinh Phuc > phu-tho
27 bac-ninh Bắc Ninh|Bac Ninh
30 hai-duong Hải Dương|Hai Duong > hai-phong
31 hai-phong Hải Phòng|Hai Phong
33 hung-yen Hưng Yên|Hung Yen
34 thai-binh Thái Bình|Thai Binh > hung-yen
35 ha-nam Hà Nam|Ha Nam > ninh-binh
36 nam-dinh Nam Định|Nam Dinh > ninh-binh
37 ninh-binh Ninh Bình|Ninh Binh
38 thanh-hoa Thanh Hóa|Thanh Hoa
40 nghe-an Nghệ An|Nghe An
42 ha-tinh Hà Tĩnh|Ha Tinh
44 quang-binh Quảng Bình|Quang Binh > quang-tri
45 quang-tri Quảng Trị|Quang Tri
46 hue Huế|Hue
48 da-nang Đà Nẵng|Da Nang
49 quang-nam Quảng Nam|Quang Nam > da-nang
51 quang-ngai Quảng Ngãi|Quang Ngai
52 binh-dinh Bình Định|Binh Dinh > gia-lai
54 phu-yen Phú Yên|Phu Yen > dak-lak
56 khanh-hoa Khánh Hòa|Khanh Hoa
58 ninh-thuan Ninh Thuận|Ninh Thuan > khanh-hoa
60 binh-thuan Bình Thuận|Binh Thuan > lam-dong
62 kon-tum Kon Tum|Kon Tum > quang-ngai
64 gia-lai Gia Lai|Gia Lai
66 dak-lak Đắk Lắk|Dak Lak
67 dak-nong Đắk Nông|Dak Nong > lam-dong
68 lam-dong Lâm Đồng|Lam Dong
70 binh-phuoc Bình Phước|Binh Phuoc > dong-nai
72 tay-ninh Tây Ninh|Tay Ninh
74 binh-duong Bình Dương|Binh Duong > ho-chi-minh
75 dong-nai Đồng Nai|Dong Nai
77 ba-ria-vung-tau Bà Rịa - Vũng Tàu|Ba Ria - Vung Tau > ho-chi-minh
79 ho-chi-minh Hồ Chí Minh|Ho Chi Minh City
80 long-an Long An|Long An > tay-ninh
82 tien-giang Tiền Giang|Tien Giang > dong-thap
83 ben-tre Bến Tre|Ben Tre > vinh-long
84 tra-vinh Trà Vinh|Tra Vinh > vinh-long
86 vinh-long Vĩnh Long|Vinh Long
87 dong-thap Đồng Tháp|Dong Thap
89 an-giang An Giang|An Giang
91 kien-giang Kiên Giang|Kien Giang > an-giang
92 can-tho Cần Thơ|Can Tho
93 hau-giang Hậu Giang|Hau Giang > can-tho
94 soc-trang Sóc Trăng|Soc Trang > can-tho
95 bac-lieu Bạc Liêu|Bac Lieu > ca-mau
96 ca-mau Cà Mau|Ca Mau
"""
CITIES = {"ha-noi", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}  # centrally governed: "thành phố"
HUE_CITY_FROM = "2025-01-01"  # Thừa Thiên Huế province -> Huế city

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Hồng", "Thị Thu", "Văn Hoàng"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Hải", "Tuấn", "Hà", "Nam", "Bình", "Phương", "Thảo", "Long", "Sơn",
         "Trung", "Hạnh", "Mai", "Quang", "Thành", "Cường", "Yến", "Khánh", "Hiền", "Tâm", "Vinh"]

LDTBXH_MINISTRY = ["Bộ Lao động - Thương binh và Xã hội", "Bộ Lao động – Thương binh và Xã hội", "Bộ LĐ-TB&XH",
                   "Bộ LĐTB&XH", "Bộ LĐTBXH", "Bộ Lao động, Thương binh và Xã hội"]
HOME_MINISTRY = "Bộ Nội vụ"

# Rewording: (find, replace) applied once to a task's text; appended sentences; all NFC.
REWORDS = [
    ("Tăng cường", "Đẩy mạnh"), ("Đẩy mạnh", "Tăng cường"), ("tăng cường", "đẩy mạnh"), ("đẩy mạnh", "tăng cường"),
    ("Tổ chức", "Chủ động tổ chức"), ("Phối hợp với", "Phối hợp chặt chẽ với"), ("phối hợp với", "phối hợp chặt chẽ với"),
    ("Hướng dẫn", "Chỉ đạo, hướng dẫn"), ("tuyên truyền", "thông tin, tuyên truyền"), ("nâng cao", "từng bước nâng cao"),
    ("kịp thời", "nhanh chóng, kịp thời"), ("có hiệu quả", "thiết thực, hiệu quả"), ("Triển khai", "Tiếp tục triển khai"),
    ("các cơ quan, đơn vị", "các cơ quan, đơn vị, địa phương"), ("thực hiện", "tổ chức thực hiện"),
    ("bạo lực trên cơ sở giới", "bạo lực trên cơ sở giới (BLG)"), ("Chủ trì", "Là cơ quan chủ trì"),
]
APPENDS = [" Định kỳ báo cáo kết quả thực hiện theo quy định.", " Thời gian thực hiện: hằng năm.",
           " Kết quả thực hiện được tổng hợp vào báo cáo định kỳ.", " Chú trọng địa bàn vùng sâu, vùng xa.",
           " Kinh phí thực hiện từ nguồn dự toán được giao."]
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_LETTER_LABEL = re.compile(r"^[a-zđ]\)$")
_NUM_LABEL = re.compile(r"^\d+\.$")
_YEAR = re.compile(r"(?:(?<=[Nn]ăm )|(?<=/))(20\d\d)(?!\d)")
_SHORT = re.compile(r"[A-ZĐ&]{3,}")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _shift_year(iso: str, year: int) -> str:
    d = _date(iso)
    day = min(d.day, 28) if d.month == 2 else d.day
    return dt.date(year, d.month, day).isoformat()


def _days(iso: str, n: int) -> str:
    return (_date(iso) + dt.timedelta(days=n)).isoformat()


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _strip_private(value):
    if isinstance(value, list):
        return [_strip_private(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_private(v) for k, v in value.items() if not k.startswith("_")}
    return value


def _err(message: str) -> int:
    print(f"plansite: error: {message}", file=sys.stderr)
    return 1


# --------------------------------------------------------------------------------------------
# Provinces
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Province:
    code: str
    id: str
    vi: str
    en: str
    merged_into: str | None

    @property
    def survives(self) -> bool:
        return self.merged_into is None


def provinces() -> list[Province]:
    out = []
    for line in PROVINCES.strip().splitlines():
        head, _, into = line.partition(" > ")
        code, pid, names = head.split(" ", 2)
        vi, en = names.split("|")
        out.append(Province(code, pid, vi, en, into.strip() or None))
    return out


def province_text_name(pid: str, vi: str, day: str) -> tuple[str, str]:
    """(unit, name) as a plan of that date writes them: ('tỉnh', 'Gia Lai'), ('thành phố', 'Huế')."""
    if pid == "hue":
        return ("thành phố", "Huế") if day >= HUE_CITY_FROM else ("tỉnh", "Thừa Thiên Huế")
    return ("thành phố" if pid in CITIES else "tỉnh"), vi


def provinces_registry(content: Path) -> dict:
    """The SYNTHETIC provinces registry: real entries as they are, the other provinces added."""
    real = yaml.safe_load((content / "registry" / "provinces.yml").read_text(encoding="utf-8")) or {}
    real_by_id = {p["id"]: p for p in real.get("provinces") or []}
    provs = provinces()
    absorbed: dict[str, list[str]] = {}
    for p in provs:
        if p.merged_into:
            absorbed.setdefault(p.merged_into, []).append(p.id)
    entries = []
    for p in provs:
        if p.id in real_by_id:
            entries.append(real_by_id.pop(p.id))
            continue
        changed = p.merged_into or p.id in absorbed
        e = {"id": p.id, "vi": p.vi, "en": p.en,
             "codes": [{"code": p.code, "valid_from": None, "valid_to": "2025-06-30" if changed else None}],
             "valid_to": "2025-06-30" if p.merged_into else None, "merged_into": p.merged_into}
        if p.id in absorbed:
            e["absorbed"] = absorbed[p.id]
            e["merger_note_en"] = "SYNTHETIC registry: the code after 1 July 2025 is not recorded here."
        if p.id == "hue":
            e["merger_note_en"] = "Thừa Thiên Huế province until 31 December 2024, the centrally governed city of Huế from 1 January 2025; unchanged by the 2025 mergers."
        entries.append(e)
    entries.extend(real_by_id.values())  # real entries this table does not know (kept, never dropped)
    return {"merger": real.get("merger") or {"act": "nq-202-2025", "effective": MERGER}, "provinces": entries}


# --------------------------------------------------------------------------------------------
# Templates (the real plans) and the corpus slots
# --------------------------------------------------------------------------------------------

@dataclass
class Template:
    key: str
    province: str
    province_vi: str
    kind: str
    year: int          # period.from
    front: dict
    body: dict
    day: str           # the template's own date (Plan.reading_date: document date, else 1 January of its year)

    @property
    def era(self) -> int:
        return _era(self.year)


def _era(year: int) -> int:
    return 0 if year <= 2020 else (1 if year <= 2024 else 2)


def load_templates(content: Path, reg) -> list[Template]:
    out = []
    for path in sorted((content / "plans").glob("*/*.yml")):
        docs = list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        if len(docs) != 2 or not isinstance(docs[0], dict) or docs[0].get("synthetic"):
            continue
        if (docs[0].get("text") or {}).get("status") == "partial":
            continue  # a template must be a whole plan: a partial text has no tasks to vary
        front, body = docs
        pid = front["province"]
        if pid not in reg.provinces:
            continue
        day = build_plan(front, body, str(path)).reading_date
        t = Template(f"{pid}/{front['plan_id']}", pid, reg.provinces[pid]["vi"], front["kind"], front["period"]["from"], front, body, day)
        _tag(t)
        out.append(t)
    return out


def _tag(t: Template) -> None:
    """Remember every task's and block's original place (`_k`), to re-point `where` references."""
    for s in t.body.get("sections") or []:
        for i, b in enumerate(s.get("blocks") or []):
            bref = f"{s['number']}.{path_part(b.get('label'), i + 1)}"
            b["_k"] = f"{t.key}#{bref}"
            for task in b.get("tasks") or []:
                task["_k"] = f"{t.key}#{task.get('ref')}"
        stack = list(s.get("items") or [])
        while stack:
            it = stack.pop()
            if it.get("id"):
                it["_k"] = f"{t.key}#{it.get('ref')}"
            stack.extend(it.get("items") or [])


@dataclass(frozen=True)
class Slot:
    province: str
    plan_id: str
    kind: str
    y0: int
    y1: int
    template: str
    day: str


def _template_dates(t: Template, year: int) -> list[str]:
    """The template's legal-basis and proposal dates as they move into `year`."""
    ymap = {t.year: year, t.year - 1: year - 1, t.year + 1: year + 1}
    out = []
    for lb in t.front.get("legal_bases") or []:
        if lb.get("date") and _date(lb["date"]).year in ymap:
            out.append(_shift_year(lb["date"], ymap[_date(lb["date"]).year]))
    prop = t.front.get("proposal") or {}
    if prop.get("date") and _date(prop["date"]).year in ymap:
        out.append(_shift_year(prop["date"], ymap[_date(prop["date"]).year]))
    return [d for d in out if d.startswith(str(year))]


STRATEGY_BASES = {
    (2011, 2020): {"number": "2351/QĐ-TTg", "type": "Quyết định", "date": "2010-12-24", "issuer": "Thủ tướng Chính phủ",
                   "title": "phê duyệt Chiến lược quốc gia về bình đẳng giới giai đoạn 2011-2020"},
    (2016, 2020): {"number": "1696/QĐ-TTg", "type": "Quyết định", "date": "2015-10-02", "issuer": "Thủ tướng Chính phủ",
                   "title": "phê duyệt Chương trình hành động quốc gia về bình đẳng giới giai đoạn 2016-2020"},
}


def _choose_template(rng: random.Random, templates: list[Template], kind: str, year: int) -> Template:
    pool = [t for t in templates if t.kind == kind] or templates
    weights = [6 if t.era == _era(year) else 1 for t in pool]
    return rng.choices(pool, weights)[0]


def _slot_day(rng: random.Random, t: Template, kind: str, y0: int, post_merger: bool) -> str:
    """The plan's date: after its template's (year-shifted) legal bases; after 1 July 2025 if asked."""
    if post_merger:
        return _days(MERGER, rng.randint(0, 110))
    if kind == "strategy":
        if y0 == 2021:
            return _days("2021-03-03", rng.randint(20, 200))
        return _days(f"{y0}-01-10", rng.randint(0, 170))
    dates = _template_dates(t, y0)
    start = max(dates) if dates else f"{y0}-01-05"
    day = _days(start, rng.randint(3, 45))
    return min(max(day, f"{y0}-01-05"), f"{y0}-12-20")


def plan_slots(seed: int, templates: list[Template]) -> list[Slot]:
    """Every (province, plan) the corpus can hold, in the seeded, era-stratified order."""
    provs = provinces()
    has_strategy = any(t.kind == "strategy" for t in templates)
    raw = []
    for p in provs:
        years = [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if y <= 2025 or p.survives]
        raw += [(p, "annual", y, y) for y in years]
        if has_strategy:
            raw += [(p, "strategy", a, b) for a, b in STRATEGY_PERIODS if a <= 2025 or p.survives]
    slots = []
    for p, kind, y0, y1 in raw:
        plan_id = str(y0) if kind == "annual" else f"{y0}-{y1}"
        rng = random.Random(f"plansite-synth/1:{seed}:slot:{p.id}/{plan_id}")
        t = _choose_template(rng, templates, kind, y0)
        post = kind == "annual" and y0 == 2025 and p.survives and rng.random() < 0.35
        if kind == "annual" and y0 == 2025 and not post and rng.random() < 0.25:
            # Early 2025: issued before the 1 March restructuring, from a plan of the old order.
            t = _choose_template(rng, [x for x in templates if x.day < SWITCH] or templates, kind, 2024)
            day = _days("2025-01-06", rng.randint(0, 52))
        else:
            day = _slot_day(rng, t, kind, y0, post)
        assert p.survives or day < MERGER
        slots.append(Slot(p.id, plan_id, kind, y0, y1, t.key, day))
    # Strata by date, so that every prefix of the order holds every era in proportion.
    strata: dict[int, list[Slot]] = {}
    for s in slots:
        stratum = 0 if s.day < "2021-01-01" else 1 if s.day < SWITCH else 2 if s.day < MERGER else 3
        strata.setdefault(stratum, []).append(s)
    order = []
    for k in sorted(strata):
        group = sorted(strata[k], key=lambda s: (s.province, s.plan_id))
        random.Random(f"plansite-synth/1:{seed}:order:{k}").shuffle(group)
        order += [((i + 0.5) / len(group), k, s) for i, s in enumerate(group)]
    order.sort(key=lambda x: (x[0], x[1]))
    return [s for _, _, s in order]


# --------------------------------------------------------------------------------------------
# One plan
# --------------------------------------------------------------------------------------------

class Context:
    """Everything needed to move one template's material into one synthetic plan."""

    def __init__(self, reg, t: Template, province: Province, day: str, y0: int, y1: int, kind: str,
                 literals: dict[str, str]):
        self.reg, self.t, self.day = reg, t, day
        # The Labour -> Home Affairs switch backwards: a template issued after the switch whose lead
        # agency took over from a predecessor names that predecessor in a plan dated before it.
        extra = {}
        lead = t.front.get("lead_agency")
        for pred, s in reg.predecessors(lead or ""):
            if s.get("primary") and t.day >= s["effective"] > day:
                extra[lead] = pred
        self._extra = extra
        self._cache: dict[str, str] = {}
        unit, name = province_text_name(province.id, province.vi, day)
        tunit, tname = province_text_name(t.province, t.province_vi, t.day)
        rep = dict(literals)
        rep[f"{tunit} {tname}"] = f"{unit} {name}"
        rep[tname] = name
        if unit == "thành phố" and tunit == "tỉnh":
            rep.update({"tỉnh": "thành phố", "Tỉnh đoàn": "Thành đoàn", "Tỉnh ủy": "Thành ủy", "Tỉnh uỷ": "Thành uỷ",
                        "Tỉnh": "Thành phố"})
        # Agency names through the lineage (names of an agency replaced by its successor's / predecessor's).
        for aid, a in reg.agencies.items():
            new = self.agency(aid)
            if new == aid or new not in reg.agencies:
                continue
            b = reg.agencies[new]
            for n in agency_names(a):
                if len(n) >= 4 and n not in rep:
                    rep[n] = (b.get("short_vi") or b["vi"]) if _SHORT.search(n) else b["vi"]
        if unit == "thành phố":
            rep = {k: re.sub(r"(?<!\w)tỉnh(?!\w)", "thành phố", v) for k, v in rep.items()}
        if t.day < SWITCH <= day:
            rep.update({n: HOME_MINISTRY for n in LDTBXH_MINISTRY})
        elif day < SWITCH <= t.day:
            rep[HOME_MINISTRY] = LDTBXH_MINISTRY[0]
        self.rep = rep
        self.regex = _literal_regex(tuple(sorted(rep)))
        if kind == "strategy" and t.kind == "strategy":
            delta = y0 - t.year if (y0, y1) in STRATEGY_BASES else 0
            self.ymap = {y: min(y + delta, y1) for y in range(t.year, t.year + 10)} if delta else {}
        else:
            self.ymap = {t.year - 1: y0 - 1, t.year: y0, t.year + 1: y0 + 1}

    def agency(self, aid: str) -> str:
        hit = self._cache.get(aid)
        if hit is None:
            hit = self._cache[aid] = self.reg.agency_on(self._extra.get(aid, aid), self.day)
        return hit

    def text(self, s: str) -> str:
        def sub(m):
            if m.group(1) is not None:
                return self.rep.get(m.group(1), m.group(1))
            y = int(m.group(2))
            return str(self.ymap.get(y, y))
        return self.regex.sub(sub, s)

    def roles(self, roles: dict) -> dict:
        return carry_roles(roles, self.agency)

    def agencies(self, ids) -> list[str]:
        return carry_agencies(ids, self.agency)

    def move(self, node):
        """Deep copy of template material with agency ids mapped and every text rewritten."""
        if isinstance(node, list):
            return [self.move(x) for x in node]
        if not isinstance(node, dict):
            return self.text(node) if isinstance(node, str) else node
        out = {}
        for k, v in node.items():
            if k in ("id", "ref", "label", "themes", "indicators", "_k", "number", "kind"):
                out[k] = copy.deepcopy(v)
            elif k == "roles":
                out[k] = self.roles(v)
            elif k == "agencies":
                out[k] = self.agencies(v)
            elif k == "recipient":
                out[k] = self.agency(v) if v else v
            else:
                out[k] = self.move(v)
        return out


@lru_cache(maxsize=256)
def _literal_regex(literals: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(s) for s in sorted(literals, key=lambda s: (-len(s), s)))
    return re.compile(rf"(?<!\w)({alts})(?!\w)|{_YEAR.pattern}")


def _date_literals(old_iso: str, new_iso: str) -> dict[str, str]:
    """The ways a plan writes a date ('5/3/2021', '05/03/2021', 'ngày 05 tháng 3 năm 2021') -> the new date."""
    o, n = _date(old_iso), _date(new_iso)
    out = {}
    for dfmt in ("{}", "{:02d}"):
        for mfmt in ("{}", "{:02d}"):
            pad = dfmt != "{}" or mfmt != "{}"
            nd, nm = (f"{n.day:02d}", f"{n.month:02d}") if pad else (str(n.day), str(n.month))
            out[f"{dfmt.format(o.day)}/{mfmt.format(o.month)}/{o.year}"] = f"{nd}/{nm}/{n.year}"
            out[f"ngày {dfmt.format(o.day)} tháng {mfmt.format(o.month)} năm {o.year}"] = f"ngày {nd} tháng {nm} năm {n.year}"
    return out


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _reword(rng: random.Random, text: str) -> str:
    for _ in range(rng.choice((1, 1, 2))):
        op = rng.random()
        if op < 0.6:
            cands = [(a, b) for a, b in REWORDS if a in text and b not in text]
            if cands:
                a, b = rng.choice(cands)
                text = text.replace(a, b, 1)
                continue
        if op < 0.8 and "; " in text and len(text) > 160:
            text = text[: text.rfind("; ")].rstrip(" ,;") + "."
            continue
        if text.endswith((".", ";")) and not text.endswith("./."):
            text = text + rng.choice(APPENDS)
    return text


def _letter(i: int) -> str:
    return (_LETTERS[i] if i < len(_LETTERS) else f"{_LETTERS[i % len(_LETTERS)]}{i // len(_LETTERS)}") + ")"


def _adopt_style(host: list[dict], guests: list[dict]) -> None:
    letters = bool(host) and all(_LETTER_LABEL.match(t.get("label") or "") for t in host)
    bullets = any((t.get("label") or "") in ("-", "+") for t in host)
    for g in guests:
        if letters:
            g["label"] = "a)"
        elif _LETTER_LABEL.match(g.get("label") or "") or _NUM_LABEL.match(g.get("label") or ""):
            g["label"] = "-" if bullets else None


def _renumber(body: dict) -> dict[str, str]:
    """Labels, refs and ids after blocks and tasks moved; returns original place (`_k`) -> new ref."""
    where: dict[str, str] = {}
    used: set[str] = set()
    for s in body["sections"]:
        stack = list(s.get("items") or [])
        while stack:
            it = stack.pop()
            if it.get("id"):
                used.add(it["id"])
                if it.get("_k"):
                    where[it["_k"]] = it["ref"]
            stack.extend(it.get("items") or [])
    for s in body["sections"]:
        blocks = s.get("blocks") or []
        numbered = all(_NUM_LABEL.match(b.get("label") or "") for b in blocks)
        for i, b in enumerate(blocks):
            if numbered:
                b["label"] = f"{i + 1}."
            bref = f"{s['number']}.{path_part(b.get('label'), i + 1)}"
            b["id"] = unique(b["agencies"][0], used)
            for k in b.get("_ks") or [b.get("_k")]:
                if k:
                    where[k] = bref
            tasks = b["tasks"]
            if all(_LETTER_LABEL.match(t.get("label") or "") for t in tasks):
                for j, t in enumerate(tasks):
                    t["label"] = _letter(j)
            for j, t in enumerate(tasks):
                part = path_part(t.get("label"), j + 1)
                t["ref"] = f"{bref}.{part}"
                t["id"] = unique(f"{b['id']}-{id_part(part)}", used)
                if t.get("_k"):
                    where[t["_k"]] = t["ref"]
    return where


def _merge_blocks(section: dict) -> int:
    """Blocks whose agencies became the same (Sở LĐTBXH and Sở Nội vụ after 1 March 2025) become one."""
    kept: list[dict] = []
    by_agencies: dict[tuple, dict] = {}
    merged = 0
    for b in section.get("blocks") or []:
        key = tuple(b["agencies"])
        host = by_agencies.get(key)
        if host is None:
            by_agencies[key] = b
            kept.append(b)
            continue
        _adopt_style(host["tasks"], b["tasks"])
        host["tasks"].extend(b["tasks"])
        if b.get("text"):
            host["text"] = (host.get("text") or []) + b["text"]
        host.setdefault("_ks", [host.get("_k")]).append(b.get("_k"))
        merged += 1
    section["blocks"] = kept
    return merged


def make_plan(slot: Slot, seed: int, templates: dict[str, Template], reg, provs: dict[str, Province]) -> tuple[dict, dict, list[str]]:
    """(front matter, body, changes) of one synthetic plan. Every step draws from the plan's own random
    stream, in this order: signer, legal bases, proposal, blocks and tasks dropped, borrowed, reworded,
    signature, number."""
    rng = random.Random(f"plansite-synth/1:{seed}:plan:{slot.province}/{slot.plan_id}")
    t = templates[slot.template]
    prov = provs[slot.province]
    changes: list[str] = []

    # Literals of this template that change: signer, numbers of the year's guidance, the proposal.
    literals: dict[str, str] = {}
    signer_name = _person(rng)
    if (t.front.get("signer") or {}).get("name"):
        literals[t.front["signer"]["name"]] = signer_name
    strategy_base = STRATEGY_BASES.get((slot.y0, slot.y1)) if slot.kind == "strategy" else None
    if strategy_base and t.kind == "strategy":
        literals.update(_strategy_literals(t, strategy_base, slot.y0, slot.y1))
    ctx = Context(reg, t, prov, slot.day, slot.y0, slot.y1, slot.kind, {})
    bases = _legal_bases(rng, t, strategy_base, ctx, slot.day, literals)
    proposal = _proposal(rng, t, ctx, slot, literals)
    ctx = Context(reg, t, prov, slot.day, slot.y0, slot.y1, slot.kind, literals)
    if ctx._extra or any(ctx.agency(a) != a for a in _template_agencies(t)):
        changes.append(f"agencies mapped to {slot.day} through the registry lineage")

    body, key_roles = _body(rng, ctx, t, templates, prov, slot, proposal, changes)
    signer = _signature(rng, t, body, signer_name)
    front = _front(rng, ctx, t, prov, slot, seed, signer, proposal, bases, key_roles, changes)
    return _nfc(_strip_private(front)), _nfc(_strip_private(body)), changes


def _strategy_literals(t: Template, base: dict, y0: int, y1: int) -> dict[str, str]:
    """A strategy template moved to another period: its national strategy, period and names."""
    literals: dict[str, str] = {}
    old = next((lb for lb in t.front.get("legal_bases") or [] if lb.get("number")), None)
    if old:
        new_no, new_type = base["number"], base["type"]
        d = _date(base["date"])
        literals[f"Nghị quyết số {old['number']} ngày 03/3/2021 của Chính phủ"] = \
            f"{new_type} số {new_no} ngày {d.day:02d}/{d.month:02d}/{d.year} của {base['issuer']}"
        literals[f"{old.get('type') or 'Nghị quyết'} số {old['number']}"] = f"{new_type} số {new_no}"
        literals[old["number"]] = new_no
    for a, b in (("2021-2030", f"{y0}-{y1}"), ("2021 - 2030", f"{y0} - {y1}"), ("2021- 2030", f"{y0}- {y1}")):
        literals[a] = b
    if (y0, y1) == (2016, 2020):
        literals.update({"Chiến lược quốc gia về bình đẳng giới": "Chương trình hành động quốc gia về bình đẳng giới",
                         "chiến lược quốc gia về bình đẳng giới": "chương trình hành động quốc gia về bình đẳng giới",
                         "Chiến lược bình đẳng giới": "Chương trình hành động quốc gia về bình đẳng giới"})
    return literals


def _legal_bases(rng: random.Random, t: Template, strategy_base: dict | None, ctx: Context, day: str,
                 literals: dict[str, str]) -> list[dict]:
    """The template's legal bases moved to the plan's year (dated before it, renumbered); `literals` learns the changes."""
    bases = []
    for lb in t.front.get("legal_bases") or []:
        lb = dict(lb)
        if strategy_base and t.kind == "strategy":
            return [dict(strategy_base)]
        if lb.get("date") and _date(lb["date"]).year in ctx.ymap:
            original = lb["date"]
            lb["date"] = _shift_year(lb["date"], ctx.ymap[_date(lb["date"]).year])
            if lb["date"] >= day:  # the guidance comes before the plan
                lb["date"] = _days(day, -rng.randint(5, 25))
                literals.update(_date_literals(original, lb["date"]))
            if lb.get("number") and re.match(r"^\d+/", lb["number"]):
                new = _basis_number(rng, lb, day)
                literals[lb["number"]] = new
                lb["number"] = new
        bases.append(lb)
    return bases


def _basis_number(rng: random.Random, lb: dict, day: str) -> str:
    """A new number of the same kind; the Labour ministry's guidance is the Home Affairs ministry's after the switch."""
    new = f"{rng.randint(15, 4800)}/{lb['number'].split('/', 1)[1]}"
    if day >= SWITCH and lb.get("issuer") in LDTBXH_MINISTRY:
        new = f"{new.split('/', 1)[0]}/BNV-CTTN&BĐG"
    elif day < SWITCH and lb.get("issuer") == HOME_MINISTRY:
        new = f"{new.split('/', 1)[0]}/LĐTBXH-BĐG"
    return new


def _proposal(rng: random.Random, t: Template, ctx: Context, slot: Slot, literals: dict[str, str]) -> dict | None:
    """The template's proposal: dated before the plan, a new submission number, the agency of the day."""
    if not t.front.get("proposal"):
        return None
    proposal = dict(t.front["proposal"])
    if proposal.get("date"):
        original = proposal["date"]
        proposal["date"] = min(_shift_year(proposal["date"], slot.y0), _days(slot.day, -rng.randint(5, 20)))
        literals.update(_date_literals(original, proposal["date"]))
    if proposal.get("submission"):
        m = re.search(r"(\d+)/TTr-\S+", proposal["submission"])
        if m:
            abbr = "SNV" if ctx.agency(proposal["agency"]) == "so-noi-vu" else "SLĐTBXH" if ctx.agency(proposal["agency"]) == "so-ldtbxh" else "S"
            new = f"{rng.randint(10, 300)}/TTr-{abbr}"
            literals[m.group(0)] = new
            proposal["submission"] = proposal["submission"].replace(m.group(0), new)
    proposal["agency"] = ctx.agency(proposal["agency"])
    return proposal


def _body(rng: random.Random, ctx: Context, t: Template, templates: dict[str, Template], prov: Province, slot: Slot,
          proposal: dict | None, changes: list[str]) -> tuple[dict, dict]:
    """(body, key roles): the template's body moved, varied, renumbered; `where` references follow."""
    body = ctx.move(t.body)
    impl = [s for s in body["sections"] if s.get("blocks")]
    for s in impl:
        if (n := _merge_blocks(s)):
            changes.append(f"{n} block(s) merged after the lineage mapping")
    key_roles = {}
    for name, kr in (t.front.get("key_roles") or {}).items():
        key_roles[name] = ({"agency": ctx.agency(kr["agency"]), "where": kr.get("where")} if kr else None)
    # Protected: blocks of agencies with a key role, the lead, the report recipient.
    protected = {ctx.agency(t.front["lead_agency"])} | {kr["agency"] for kr in key_roles.values() if kr}
    if (body.get("reporting") or {}).get("recipient"):
        protected.add(body["reporting"]["recipient"])
    if proposal:
        protected.add(proposal["agency"])
    wanted = {f"{t.key}#{kr['where']}" for kr in (t.front.get("key_roles") or {}).values() if kr and kr.get("where")}
    wanted |= {f"{t.key}#{d.get('where')}" for d in (t.body.get("reporting") or {}).get("deadlines") or []}
    for s in impl:
        _drop(rng, s, protected, wanted, changes)
    others = [o for o in templates.values() if o.key != t.key]
    if impl and others:
        _borrow(rng, impl[-1], others, [Context(ctx.reg, o, prov, slot.day, slot.y0, slot.y1, "annual", {}) for o in others], changes)
    _reword_body(rng, body, changes)
    where = _renumber(body)
    for kr in key_roles.values():
        if kr and kr.get("where"):
            kr["where"] = where.get(f"{t.key}#{kr['where']}", kr["where"])
    for d in (body.get("reporting") or {}).get("deadlines") or []:
        if d.get("where"):
            d["where"] = where.get(f"{t.key}#{d['where']}", d["where"])
    return body, key_roles


def _drop(rng: random.Random, s: dict, protected: set, wanted: set, changes: list[str]) -> None:
    """Drop some blocks (never a protected one, nor one a `where` names) and some tasks."""
    droppable = [b for b in s["blocks"] if not set(b["agencies"]) & protected and b.get("_k") not in wanted
                 and not any(x.get("_k") in wanted for x in b["tasks"])]
    k = min(len(droppable), rng.choice((0, 0, 1, 1, 2, 3)), max(0, len(s["blocks"]) - 3))
    for b in rng.sample(droppable, k=k):
        s["blocks"].remove(b)
        changes.append(f"dropped block {b['name']}")
    for b in s["blocks"]:
        if len(b["tasks"]) >= 3:
            keep = [x for i, x in enumerate(b["tasks"]) if i == 0 or x.get("_k") in wanted or rng.random() > 0.08]
            if len(keep) < len(b["tasks"]):
                changes.append(f"dropped {len(b['tasks']) - len(keep)} task(s) of {b['name']}")
                b["tasks"] = keep


def _borrow(rng: random.Random, s: dict, others: list[Template], contexts: list[Context], changes: list[str]) -> None:
    """Borrow blocks and tasks from the other real plans (mapped to this plan's date and place) into section `s`."""
    present = {a for b in s["blocks"] for a in b["agencies"]}
    octx = {o.key: c for o, c in zip(others, contexts)}
    cands = [(o, ob, tuple(octx[o.key].agencies(ob["agencies"])))
             for o in others for osec in o.body.get("sections") or [] for ob in osec.get("blocks") or []]
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        pool = [c for c in cands if not set(c[2]) & present]
        if not pool:
            break
        o, ob, ags = rng.choice(pool)
        nb = octx[o.key].move(ob)
        nb["_k"] = None
        for task in nb["tasks"]:
            task["_k"] = None
        nb["label"] = "0." if _NUM_LABEL.match(s["blocks"][0].get("label") or "") else nb.get("label")
        s["blocks"].insert(rng.randint(1, max(1, len(s["blocks"]))), nb)
        present |= set(ags)
        changes.append(f"added block {nb['name']} (from {o.key})")
    for b in s["blocks"]:
        if rng.random() >= 0.12:
            continue
        same = [c for c in cands if c[2] == tuple(b["agencies"])]
        if not same:
            continue
        o, ob, _ = rng.choice(same)
        texts = {x.get("text") for x in b["tasks"]}
        new = [x for x in octx[o.key].move(ob["tasks"]) if x.get("text") not in texts]
        if new:
            task = rng.choice(new)
            task["_k"] = None
            _adopt_style(b["tasks"], [task])
            b["tasks"].append(task)
            changes.append(f"added a task to {b['name']} (from {o.key})")


def _reword_body(rng: random.Random, body: dict, changes: list[str]) -> None:
    """Reword tasks (and a few content items)."""
    n_reworded = 0
    for s in body["sections"]:
        for b in s.get("blocks") or []:
            for task in b["tasks"]:
                if rng.random() < 0.35:
                    field = "text" if task.get("text") else "heading"
                    task[field] = _reword(rng, task[field])
                    n_reworded += 1
        stack = list(s.get("items") or [])
        while stack:
            it = stack.pop(0)
            if it.get("text") and rng.random() < 0.1:
                it["text"] = _reword(rng, it["text"])
                n_reworded += 1
            stack.extend(it.get("items") or [])
    if n_reworded:
        changes.append(f"{n_reworded} task(s)/item(s) reworded")


def _signature(rng: random.Random, t: Template, body: dict, signer_name: str) -> dict:
    """The new signer: sometimes the chair himself; the signature lines follow."""
    tf = t.front
    chair = rng.random() < 0.15
    lines = [ln for ln in (body.get("signature") or {}).get("lines") or []]
    if chair:
        lines = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", signer_name]
        signer = {"name": signer_name, "title": "Chủ tịch", "authority": "TM. Ủy ban nhân dân"}
    else:
        signer = {"name": signer_name, "title": (tf.get("signer") or {}).get("title") or "Phó Chủ tịch",
                  "authority": (tf.get("signer") or {}).get("authority") or "KT. Chủ tịch"}
    body["signature"] = {"lines": lines or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", signer_name]}
    return signer


def _front(rng: random.Random, ctx: Context, t: Template, prov: Province, slot: Slot, seed: int, signer: dict,
           proposal: dict | None, bases: list[dict], key_roles: dict, changes: list[str]) -> dict:
    tf, day, y0, y1 = t.front, slot.day, slot.y0, slot.y1
    unit, name = province_text_name(prov.id, prov.vi, day)
    title = ctx.text(tf["title"])
    if slot.kind == "strategy" and (y0, y1) not in STRATEGY_BASES and (y0, y1) != (t.year, tf["period"]["to"]):
        title = f"{title}, giai đoạn {y0} - {y1}"
    number = f"{rng.randint(12, 5200)}/KH-UBND"
    doc = tf.get("document") or {}
    front = {
        "format": "plansite/plan/1",
        "synthetic": True,
        "province": prov.id,
        "plan_id": slot.plan_id,
        "kind": slot.kind,
        "period": {"from": y0, "to": y1},
        "title": title,
        "document": {"type": doc.get("type") or "KẾ HOẠCH", "number": number, "date": day,
                     "number_source": {"kind": "text", "note": f"{NOTE}: number and date invented by plansite synth (printed in the synthetic source text).", "url": None}},
        "issuing_body": f"Ủy ban nhân dân {unit} {name}",
        "signer": signer,
        "lead_agency": ctx.agency(tf["lead_agency"]),
        "proposal": proposal,
        "legal_bases": [{k: (ctx.text(v) if isinstance(v, str) and k in ("issuer", "title") else v) for k, v in lb.items()} for lb in bases],
        "key_roles": key_roles,
        "source": {"file": f"sources/{prov.id}-{slot.plan_id}.txt", "seed": None, "url": None},
        "repairs": [],
        "notes": [f"{NOTE} (plansite synth, seed {seed}); not an official document. Derived from the real plan {t.key}."]
                 + [f"Variation: {c}." for c in changes],
    }
    for lb in front["legal_bases"]:  # the ministry that issued the guidance on the plan's date
        if day >= SWITCH and lb.get("issuer") in LDTBXH_MINISTRY:
            lb["issuer"] = HOME_MINISTRY
        elif day < SWITCH <= t.day and lb.get("issuer") == HOME_MINISTRY:
            lb["issuer"] = LDTBXH_MINISTRY[0]
    return front


def _template_agencies(t: Template) -> list[str]:
    out = {t.front.get("lead_agency")}
    for s in t.body.get("sections") or []:
        for b in s.get("blocks") or []:
            out.update(b["agencies"])
            for task in b["tasks"]:
                out.update(task.get("roles") or {})
    return sorted(a for a in out if a)


def source_text(front: dict, body: dict, seed: int, rel: str, place: str) -> str:
    """The synthetic source: a SYNTHETIC header, number and date, then the plan's plain text."""
    plan = build_plan(front, body, rel)
    d = _date(front["document"]["date"])
    head = [f"{NOTE} (plansite synth --seed {seed}). Not an official document.",
            f"Số: {front['document']['number']}",
            f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"]
    return "\n\n".join(head + plain_paragraphs(plan)) + "\n"


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def synth(n: int, out: Path, seed: int = 1, content: Path = REPO_CONTENT) -> int:
    out_r, content_r = Path(out).resolve(), Path(content).resolve()
    for protected in {REPO_CONTENT.resolve(), content_r}:
        if inside(out_r, protected) or inside(protected, out_r):
            return _err(f"refusing to write a synthetic corpus into or over {protected} (the real content); choose another --out")
    if out_r.exists() and not out_r.is_dir():
        return _err(f"{out} exists and is not a folder")
    if out_r.is_dir() and any(out_r.iterdir()) and not (out_r / MARKER).is_file():
        return _err(f"{out} is not empty and holds no {MARKER}: not overwriting it (choose an empty or new folder)")
    if n < 1:
        return _err("--plans must be at least 1")
    reg, errors = load_registry(content_r)
    if reg is None or errors:
        for e in errors:
            print(e.format(), file=sys.stderr)
        return _err(f"cannot read the registries in {content}")
    # The synthetic provinces registry replaces the real one for the derived plans.
    prov_reg = provinces_registry(content_r)
    reg = type(reg)(agencies=reg.agencies, legal_acts=reg.legal_acts,
                    provinces={p["id"]: p for p in prov_reg["provinces"]},
                    themes=reg.themes, indicators=reg.indicators, objectives=reg.objectives)
    templates = load_templates(content_r, reg)
    if not templates:
        return _err(f"no real plans in {content / 'plans'} to derive a corpus from")
    slots = plan_slots(seed, templates)
    if n > len(slots):
        return _err(f"--plans {n} is more than the corpus can hold ({len(slots)}: one plan per province and plan id, "
                    f"63 provinces 2011–2025, 34 from 1 July 2025)")
    by_key = {t.key: t for t in templates}
    provs = {p.id: p for p in provinces()}

    for sub in ("plans", "sources", "registry"):
        if (out_r / sub).exists():
            shutil.rmtree(out_r / sub)
    (out_r / "registry").mkdir(parents=True)
    for name in ("agencies", "themes", "indicators"):
        shutil.copyfile(content_r / "registry" / f"{name}.yml", out_r / "registry" / f"{name}.yml")
    (out_r / "registry" / "provinces.yml").write_text(
        f"# {NOTE}: a SYNTHETIC provinces registry written by `plansite synth` (seed {seed}).\n"
        "# All 63 provinces before 1 July 2025 and the mergers into 34 (NQ 202/2025/QH15). Entries that\n"
        "# exist in the real content/registry/provinces.yml are copied from it; the others carry names,\n"
        "# pre-2025 codes and the merger only. Not a reference: do not copy into content/.\n"
        + dump_yaml(prov_reg), encoding="utf-8")
    (out_r / MARKER).write_text(
        f"# {NOTE}\n\nThis folder was written by `plansite synth --plans {n} --seed {seed}`. Every plan in it is\n"
        "synthetic (`synthetic: true`): real plans with their province, year, agencies and wording varied\n"
        "mechanically. It is benchmark input, not data. `plansite synth` overwrites this folder.\n", encoding="utf-8")
    n_tasks = 0
    for slot in slots[:n]:
        front, body, _ = make_plan(slot, seed, by_key, reg, provs)
        rel = f"plans/{slot.province}/{slot.plan_id}.yml"
        path = out_r / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {NOTE} (plansite synth, seed {seed}); not an official document.\n"
                        + dump_yaml(front) + "---\n" + dump_yaml(body), encoding="utf-8")
        src = out_r / front["source"]["file"]
        src.parent.mkdir(parents=True, exist_ok=True)
        place = province_text_name(slot.province, provs[slot.province].vi, slot.day)[1]
        src.write_text(source_text(front, body, seed, rel, place), encoding="utf-8")
        n_tasks += sum(len(b["tasks"]) for s in body["sections"] for b in s.get("blocks") or [])
    print(f"wrote {out}: {n} synthetic plans ({n_tasks} block tasks), seed {seed}")
    return 0
