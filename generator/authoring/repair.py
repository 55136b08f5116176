"""Repair extraction damage in Vietnamese text (PDF/Word extraction), listing every repair.

The damage this module knows (all seen in content/sources/ninh-thuan-2021.txt):
- a tone mark placed on the wrong letter: after a consonant ("hoac̣h", "maṇh"), on the wrong vowel
  ("điạ", "baọ", "taị"), or after the space that ends the word ("nghê ̣thông");
- a stray letter from a broken font mapping: "tÕ̉nh" (O-tilde + hook above) for "tỉnh";
- a syllable split by a space: "phát tri ển", "h ợp", "c ủa";
- a word broken at a line end: "Covid-" / "19";
- Markdown autolinks and a printed-twice signer name (see importer/draft.py).

Nothing is changed on a hunch: a repair is made only when the repaired word is a known Vietnamese
syllable (a lexicon built from the registry, the curated plans and the document itself) and the
damaged form is not; otherwise the spot is reported for review. Every repair is returned as
{find, replace, note}, `find` being the exact damaged text of the source after whitespace collapse.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
SHAPES = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter, not a tone
_BASE_VOWELS = set("aeiouy")
_SHAPED = set("ăâêôơư")
_VOWELS = _BASE_VOWELS | _SHAPED
WORD = re.compile(r"[^\W\d_][\w\u0300-\u036f]*", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f]")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _letters(token: str) -> list[tuple[str, str | None]]:
    """NFD letters with their tone: [(base letter incl. shape marks, tone mark or None)]; raises on a mark without a letter."""
    out: list[list] = []
    for ch in unicodedata.normalize("NFD", token):
        if unicodedata.combining(ch):
            if not out:
                raise ValueError("mark without a letter")
            if ch in TONES:
                if out[-1][1] is not None:
                    raise ValueError("two tone marks")
                out[-1][1] = ch
            else:
                out[-1][0] = nfc(out[-1][0] + ch)
        else:
            out.append([ch, None])
    return [(b, t) for b, t in out]


def _is_vowel(letter: str) -> bool:
    return letter.lower() in _VOWELS


def tone_positions(base: str) -> set[int]:
    """Indexes (in `base`, a toneless NFC syllable) where the tone may go: old and new conventions."""
    low = base.lower()
    n = len(low)
    start = 0
    if low.startswith("qu") and n > 2 and _is_vowel(low[2]):
        start = 2
    elif low.startswith("gi") and n > 2 and _is_vowel(low[2]):
        start = 2
    else:
        while start < n and not _is_vowel(low[start]):
            start += 1
    end = start
    while end < n and _is_vowel(low[end]):
        end += 1
    vowels = list(range(start, end))
    if not vowels or any(_is_vowel(c) for c in low[end:]):
        return set()
    if len(vowels) == 1:
        return {vowels[0]}
    shaped = [i for i in vowels if low[i] in _SHAPED]
    if shaped:
        return {shaped[-1]}
    if end < n:  # a final consonant: the last vowel
        return {vowels[-1]}
    if len(vowels) == 3:
        return {vowels[1]}
    pair = low[vowels[0]] + low[vowels[1]]
    if pair in ("oa", "oe", "uy"):
        return {vowels[0], vowels[1]}  # hòa / hoà
    return {vowels[0]}


def _compose(letters: list[tuple[str, str | None]]) -> str:
    return nfc("".join(b + (t or "") for b, t in letters))


@lru_cache(maxsize=65536)
def well_formed(token: str) -> bool:
    """True if the token's tone mark (if any) sits where Vietnamese spelling puts it."""
    try:
        letters = _letters(token)
    except ValueError:
        return False
    toned = [i for i, (_, t) in enumerate(letters) if t]
    if not toned:
        return True
    if len(toned) > 1:
        return False
    base = "".join(b for b, _ in letters)
    return toned[0] in tone_positions(base)


def retone(token: str, extra_tone: str | None = None) -> list[str]:
    """The token with its tone (or `extra_tone`) moved where spelling puts it; one entry per convention."""
    try:
        letters = _letters(token)
    except ValueError:
        return []
    tones = [t for _, t in letters if t] + ([extra_tone] if extra_tone else [])
    if len(tones) != 1:
        return []
    base = "".join(b for b, _ in letters)
    out = []
    for pos in sorted(tone_positions(base)):
        out.append(_compose([(b, tones[0] if i == pos else None) for i, (b, _) in enumerate(letters)]))
    return out


# --- lexicon --------------------------------------------------------------------------------

def words_of(text: str) -> list[str]:
    return [nfc(w).lower() for w in WORD.findall(text)]


@dataclass
class Lexicon:
    """Known syllables (lower-case NFC) with counts: `trusted` from curated text, `doc` from the document."""
    trusted: dict = field(default_factory=dict)
    doc: dict = field(default_factory=dict)

    @staticmethod
    def _add(counts: dict, text: str) -> None:
        for w in words_of(text):
            if well_formed(w) and not _COMBINING.search(w):
                counts[w] = counts.get(w, 0) + 1

    def add_trusted(self, text: str) -> None:
        self._add(self.trusted, text)

    def add_document(self, text: str) -> None:
        self._add(self.doc, text)

    def known(self, word: str) -> bool:
        w = nfc(word).lower()
        return w in self.trusted or w in self.doc

    def known_trusted(self, word: str) -> bool:
        return nfc(word).lower() in self.trusted

    def count(self, word: str) -> int:
        w = nfc(word).lower()
        return self.trusted.get(w, 0) + self.doc.get(w, 0)


def corpus_lexicon(content: Path | None, document: str = "", exclude: Path | None = None) -> Lexicon:
    """Syllables of the registry and the curated plans (trusted) and of the document itself.

    `exclude`: a plan file left out (the plan being imported, so a re-import is not helped by its own
    curated version)."""
    lex = Lexicon()
    if content is not None:
        for folder in ("registry", "plans"):
            root = content / folder
            if root.is_dir():
                for p in sorted(root.rglob("*.yml")):
                    if exclude is not None and p.resolve() == exclude.resolve():
                        continue
                    for w, n in _file_counts(p).items():
                        lex.trusted[w] = lex.trusted.get(w, 0) + n
    lex.add_document(document)
    return lex


_FILE_COUNTS: dict = {}


def _file_counts(path: Path) -> dict:
    """Syllable counts of one curated file, cached by (path, mtime, size)."""
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
        if key not in _FILE_COUNTS:
            counts: dict = {}
            Lexicon._add(counts, path.read_text(encoding="utf-8"))
            _FILE_COUNTS[key] = counts
        return _FILE_COUNTS[key]
    except (OSError, UnicodeDecodeError):
        return {}


# --- detection -----------------------------------------------------------------------------

@dataclass
class Repair:
    find: str
    replace: str
    note: str


@dataclass
class Finding:
    """Something odd that was NOT repaired: the reviewer must look at it."""
    text: str
    note: str


_KNOWN_GLYPHS = {  # broken font mappings seen in PDF extractions: damaged -> intended
    "Õ\u0309": "ỉ",
}
_MARK_AFTER_SPACE = re.compile(r"(\S+) ([\u0300-\u036f]+)(\w+)")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_TOKEN = re.compile(r"[\w\u0300-\u036f]+")


def _strip_word(tok: str) -> str:
    return tok.strip("“”\"'‘’()[],.;:!?")


def find_repairs(paragraphs: list[str], lex: Lexicon, breaks: list[tuple[str, str]] = ()) -> tuple[list[Repair], list[Finding]]:
    """Repairs for the damage in `paragraphs` (raw text, whitespace collapsed), and what stays unsure.

    `breaks` lists (end of a line, start of the next line) pairs where a line ended in a hyphen
    inside a word ("Covid-", "19")."""
    repairs: dict[str, Repair] = {}
    findings: list[Finding] = []
    seen_findings = set()

    def add(find, replace, note):
        if find and find != replace and find not in repairs:
            repairs[find] = Repair(find, replace, note)

    def flag(text, note):
        if text not in seen_findings:
            seen_findings.add(text)
            findings.append(Finding(text, note))

    for para in paragraphs:
        for m in _AUTOLINK.finditer(para):
            add(m.group(0), m.group(1), "Markdown autolink angle brackets around the URL (extraction debris, not printed)")
        # 1. stray glyphs from broken font mappings
        for bad, good in _KNOWN_GLYPHS.items():
            for m in re.finditer(r"(\w*)" + re.escape(bad) + r"(\w*)", para):
                fixed = m.group(1) + good + m.group(2)
                if lex.known(fixed):
                    add(m.group(0), fixed, f"stray letter: '{bad}' (broken font mapping) -> '{good}' in '{nfc(fixed)}'")
                else:
                    flag(m.group(0), f"stray letter '{bad}'; '{nfc(fixed)}' is not a known word")
        # 2. a tone mark after the space that ends a word: "nghê ̣thông" -> "nghệ thông"
        for m in _MARK_AFTER_SPACE.finditer(para):
            prev, marks, nxt = m.group(1), m.group(2), m.group(3)
            tones = [c for c in marks if c in TONES]
            if len(tones) != 1 or len(marks) != 1:
                flag(m.group(0), "combining mark after a space")
                continue
            p_word = _strip_word(prev)
            cands = []
            if p_word and prev.endswith(p_word):
                for c in retone(p_word, tones[0]):
                    if lex.known(c):
                        cands.append(("prev", c))
            for c in retone(nxt, tones[0]):
                if lex.known(c):
                    cands.append(("next", c))
            if len({c for _, c in cands}) == 1 or (cands and all(w == cands[0][0] for w, _ in cands)):
                where, c = max(cands, key=lambda x: lex.count(x[1]))
                if where == "prev":
                    find = p_word + " " + marks + nxt
                    add(find, nfc(c + " " + nxt), f"{_TONE_EN[tones[0]]} mark misplaced after the space (PDF extraction): '{nfc(find)}' -> '{nfc(c)} {nfc(nxt)}'")
                else:
                    find = " " + marks + nxt
                    add(p_word + find, nfc(p_word + " " + c), f"{_TONE_EN[tones[0]]} mark misplaced before the word (PDF extraction): -> '{nfc(c)}'")
            else:
                flag(m.group(0), "combining mark after a space; no single known word fits")
        # 3. a tone mark on the wrong letter inside a word
        for m in _TOKEN.finditer(para):
            tok = m.group(0)
            if unicodedata.combining(tok[0]):
                continue  # a mark after a space: step 2
            if not _COMBINING.search(unicodedata.normalize("NFD", tok)) or any(b in tok for b in _KNOWN_GLYPHS):
                continue
            if well_formed(tok):
                continue
            cands = [c for c in retone(tok) if lex.known(c)]
            if cands:
                c = max(cands, key=lex.count)
                add(tok, c, f"{_tone_name(tok)} mark on the wrong letter (PDF extraction): '{nfc(tok)}' -> '{c}'")
            else:
                flag(tok, "tone mark in an impossible place; no known word fits")
        # 4. a syllable split by a space: "phát tri ển", "h ợp"
        toks = list(re.finditer(r"\S+", para))
        for a, b in zip(toks, toks[1:]):
            if a.end() + 1 != b.start():
                continue
            aw, bw = a.group(0), b.group(0)
            a_core = re.sub(r"^[“\"'‘(\[]+", "", aw)
            b_core = re.sub(r"[”\"'’)\],.;:!?]+$", "", bw)
            if not a_core or not b_core or not WORD.fullmatch(a_core) or not WORD.fullmatch(b_core):
                continue
            joined = a_core + b_core
            if not well_formed(joined) or not lex.known(joined):
                continue
            if lex.known_trusted(a_core) and lex.known_trusted(b_core):
                continue  # two real words side by side
            if a_core.isupper() and len(a_core) > 1:
                continue  # an abbreviation before a word
            find = a_core + " " + b_core
            add(find, nfc(joined), f"split syllable (PDF extraction): '{nfc(find)}' -> '{nfc(joined)}'")
    for end, start in breaks:
        find = f"{end} {start}"
        joined = f"{end}{start}"
        word = re.search(r"[\w-]+$", end)
        nxt = re.match(r"[\w/&-]+", start)
        if not word or not nxt:
            continue
        whole = word.group(0) + nxt.group(0)
        doc_number = re.fullmatch(r"[A-Za-zĐđ]+-\d+|\d+-[A-ZĐ][\w/&-]*", whole)
        if doc_number or lex.known(whole.lower()) or any(whole.lower() in p.lower() for p in paragraphs):
            add(find, joined, f"hard line break inside a word ('{end}' / '{start}')")
        else:
            flag(find, "a line ends in a hyphen; kept with a space as printed (is it one word?)")
    return list(repairs.values()), findings


_TONE_EN = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook-above", "\u0303": "tilde", "\u0323": "dot-below"}


def _tone_name(tok: str) -> str:
    for c in unicodedata.normalize("NFD", tok):
        if c in TONES:
            return _TONE_EN[c]
    return "tone"


def apply(text: str, repairs) -> str:
    """Apply repairs the way the completeness test does: in order, every occurrence."""
    for r in repairs:
        text = text.replace(r.find, r.replace)
    return text


def leftovers(text: str) -> list[str]:
    """Words of NFC text that still look damaged (combining marks with no letter to sit on, impossible tones)."""
    out = []
    for m in re.finditer(r"\S*[\u0300-\u036f]\S*", text):
        out.append(m.group(0))
    for w in WORD.findall(text):
        if not well_formed(w) and w not in out:
            out.append(w)
    return out
