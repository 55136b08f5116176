"""Agency names as written -> registry ids, through the registry's alias index (Registry.resolve_agency):
one name, a list of names ("Báo X, Đài Y", "A và B"), a leading run of names, the partners a task names."""
from __future__ import annotations

import re

from ...registry import Registry
from ...text import fold, squash

_SEP = re.compile(r"(\s*[,;]\s*|\s+và\s+|\s+cùng\s+)", re.I)  # "… TỈNH VÀ CÁC TỔ CHỨC …" in capitals too


class Agencies:
    """Agency names as written -> registry ids, whatever the spelling variant."""

    def __init__(self, reg: Registry, province: str | None):
        self.reg = reg
        names = [p["vi"] for p in reg.provinces.values()]
        if province and province in reg.provinces:
            names.insert(0, reg.provinces[province]["vi"])
        self.province_names = sorted(set(names), key=len, reverse=True)
        self._cache: dict = {}

    def one(self, name: str) -> str | None:
        name = squash(name).strip(" :;,.")
        if not name:
            return None
        if name in self._cache:
            return self._cache[name]
        result = self._one(name)
        self._cache[name] = result
        return result

    def _one(self, name: str) -> str | None:
        variants = [name]
        base = re.sub(r"^(Đề nghị)\s+", "", name, flags=re.I)
        variants.append(base)
        for pn in self.province_names:
            pat = re.compile(r"\s+(tỉnh\s+)?" + re.escape(pn) + r"$", re.I)
            if pat.search(base):
                variants.append(pat.sub(lambda m: " tỉnh" if m.group(1) else "", base))
                variants.append(pat.sub("", base))
        more = []
        for v in variants:
            v2 = re.sub(r"\s+(có liên quan|liên quan)$", "", v)
            more += [v2, v2 + " tỉnh", re.sub(r"\s+tỉnh$", "", v2), "Các " + v2]
        for v in variants + more:
            aid = self.reg.resolve_agency(v)
            if aid:
                return aid
        m = re.match(r"(.+?)\s+của\s+(.+)$", base)
        if m and (self.one(m.group(2)) or fold(m.group(2)).strip() == "tinh"):
            return self.one(m.group(1))
        return None

    def many(self, text: str) -> list[str] | None:
        """A list of agencies ("Báo X, Đài Y", "A và B"), fewest groups first; None unless all resolve."""
        groups = self.groups(text)
        if groups is None:
            return None
        out = []
        for _, a in groups:
            if a not in out:
                out.append(a)
        return out

    def groups(self, text: str) -> list[tuple[str, str]] | None:
        """[(name as written, id)] for a list of agencies, or None."""
        text = squash(text).strip(" :;,.")
        if not text:
            return None
        parts = _SEP.split(text)
        pieces, seps = parts[0::2], parts[1::2]
        n = len(pieces)
        if n > 14:
            return None
        best: list = [None] * (n + 1)
        best[n] = []
        for i in range(n - 1, -1, -1):
            for j in range(n, i, -1):
                if best[j] is None:
                    continue
                group = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j - 1))
                aid = self.one(group)
                if aid and (best[i] is None or len(best[j]) + 1 < len(best[i])):
                    best[i] = [(group, aid)] + best[j]
        return best[0]

    def prefix(self, text: str, max_words: int = 30) -> tuple[list[str], str, str] | None:
        """Longest leading run of words that is a list of agencies: (ids, the words, the rest)."""
        words = text.split(" ")
        if not any(self.one(" ".join(words[:j])) for j in range(1, min(len(words), 14) + 1)):
            return None  # no agency name starts the text
        for k in range(min(len(words), max_words), 0, -1):
            head = " ".join(words[:k])
            ids = self.many(head)
            if ids:
                return ids, head, " ".join(words[k:])
        return None

    def mentioned(self, text: str) -> list[str]:
        """Agencies named after "phối hợp với", "với", "giữa" ... in a task text."""
        out = []
        for m in re.finditer(r"(?:phối hợp với|phối hợp|với|và|giữa|cùng)\s+((?:các\s+)?(?:Sở|Ban|Hội|Ủy ban|Uỷ ban|UBND|Công an|Văn phòng|Đài|Báo|Liên đoàn|Tỉnh đoàn|Cục|Thống kê)\b[^;.:()]*)", text):
            got = self.prefix(m.group(1), 16)
            if got:
                for a in got[0]:
                    if a not in out:
                        out.append(a)
        return out
