"""Vietnamese text helpers: NFC, ASCII slugs, diacritics folding, collation, tone-mark convention."""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Tones sort after the base letter: none, grave, hook, tilde, acute, dot (the common dictionary order).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_BASE_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "â"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return _SPACE.sub(" ", text).strip()


class _FoldTable(dict):
    """str.translate table built lazily: each character once, not on every call."""
    def __missing__(self, code: int) -> str:
        ch = chr(code).lower().replace("đ", "d")
        folded = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ -> d: 'Nội vụ' -> 'noi vu'."""
    return text.translate(_FOLD)


def marked_share(text: str) -> float:
    """The share of words (runs of letters) that carry a diacritic or đ: Vietnamese prose is over 0.8
    (the sources 0.82-0.89), an English note quoting Vietnamese words up to ~0.6, English or a text layer
    whose font dropped the Vietnamese letters near 0."""
    words = re.findall(r"[^\W\d_]+", nfc(text))  # NFD marks are no word characters: compose them first
    if not words:
        return 0.0
    return sum(fold(w) != w.lower() for w in words) / len(words)


def slugify(text: str) -> str:
    """ASCII slug: 'Đắk Nông' -> 'dak-nong'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _letter_keys(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for m in marks:
        if m in _TONES:
            tone = _TONES[m]
        elif m in _VOWEL_MARKS and base == "a":
            base = _VOWEL_MARKS[m]
        elif m == "\u0302":
            base = {"e": "ê", "o": "ô"}.get(base, base)
        elif m == "\u031b":
            base = {"o": "ơ", "u": "ư"}.get(base, base)
    if base in _BASE_RANK:
        return 100 + _BASE_RANK[base], tone
    if base.isdigit():
        return 10 + int(base), 0
    if base.isspace():
        return 0, 0
    return 200 + ord(base), 0


def collation_key(text: str) -> tuple:
    """Sort key for Vietnamese: Đ right after D, ơ after ô; tones break ties only."""
    text = nfc(text)
    letters = [_letter_keys(ch) for ch in text]
    return tuple(b for b, _ in letters), tuple(t for _, t in letters)


def vi_sorted(items, key=lambda x: x):
    return sorted(items, key=lambda item: collation_key(key(item)))


# Old vs new tone placement (hòa / hoà): compare in one convention, the "old" one
# (tone on the first vowel of oa, oe, uy), which the sources use most.
_NEW_TO_OLD = {}
for _pair in ("oa", "oe", "uy"):
    for _tone in "\u0300\u0301\u0309\u0303\u0323":
        _first, _second = _pair
        _NEW_TO_OLD[nfc(_first + _second + _tone)] = nfc(_first + _tone + _second)
        _NEW_TO_OLD[nfc(_first.upper() + _second + _tone)] = nfc(_first.upper() + _tone + _second)
_TONE_RE = re.compile("(" + "|".join(map(re.escape, sorted(_NEW_TO_OLD, key=len, reverse=True))) + r")(?![a-zà-ỹ])", re.I)


def tone_normalise(text: str) -> str:
    """NFC, and one tone-mark convention, so 'hoà' and 'hòa' compare equal."""
    return _TONE_RE.sub(lambda m: _NEW_TO_OLD.get(m.group(0), m.group(0)), nfc(text))
