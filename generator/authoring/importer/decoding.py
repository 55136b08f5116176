"""The text of a plain-text plan file, whatever its encoding, and whether a text looks Vietnamese.

Old Vietnamese documents are often not UTF-8: Windows-1258 (Vietnamese Windows; tone marks as
combining characters) or TCVN3/ABC (the .VnTime fonts; one byte per precomposed lower-case letter).
Both are decoded to NFC and named in a note for a `# REVIEW:` comment; so are CRLF line ends,
byte-order marks and UTF-16. VNI (two bytes per toned letter) is not recognised: such a file is
refused as not looking Vietnamese.

Thresholds (generator.text.marked_share: the share of words carrying a diacritic or đ), measured:
the nine texts in content/sources 0.82-0.89 (Ninh Thuận, damaged, 0.86), the import fixture 0.84;
English 0.03 (README.md), an English document quoting Vietnamese names 0.20 (schema/README.md),
French 0.12, German 0.07 (a passage of the UDHR each). The stricter vietnamese_share (words that are
Vietnamese syllables, tone in place), used to choose and check a legacy decoding: the real texts
0.81-0.89, VNI read as TCVN3 0.32 (as Windows-1258 0.05), French 0.04, English 0.03.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ...text import fold, marked_share, nfc

REFUSE_BELOW = 0.40  # a .txt under this is not Vietnamese (non-Vietnamese texts measured <= 0.20)
NOTE_BELOW = 0.70  # under this, letters were lost (a real plan is >= 0.82): a REVIEW note, not a refusal
LEGACY_BELOW = 0.60  # vietnamese_share of a legacy decoding: real texts 0.81-0.89, VNI read as TCVN3 0.32

# TCVN3 (ABC): byte -> letter. Upper-case fonts (.VnTimeH) reuse the lower-case codes, so toned capitals
# come out lower-case; only Ă Â Đ Ê Ô Ơ Ư have codes of their own.
_TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9" "a8bbbebcbdc6" "a9c7cac8c9cb" "aeccd0cecfd1" "aad2d5d3d4d6" "d7ddd8dcde" "dfe3e1e2e4"
    "abe5e8e6e7e9" "aceaedebecee" "eff3f1f2f4" "adf5f8f6f7f9" "fafdfbfcfe" "a1a2a7a3a4a5a6")
_TCVN3_LETTERS = ("àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đèéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ"
                  "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ")
TCVN3 = {chr(b): letter for b, letter in zip(_TCVN3_BYTES, _TCVN3_LETTERS)}  # as read by latin-1
_TCVN3_TABLE = str.maketrans(TCVN3)

_WORD = re.compile(r"[^\W\d_]+")
# A Vietnamese syllable without its tone: initial consonant, vowel cluster, final consonant. Letters of the
# right alphabet in a wrong order ('hoaùch', 'trieån': VNI read as another encoding) do not make one.
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê"
    r"|[aăâeêioôơuưy])"
    r"(ch|nh|ng|[cmnpt])?")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def vietnamese_share(text: str, sample: int = 20000) -> float:
    """Stricter than marked_share, to choose between decodings: the share of words that carry a
    diacritic and are Vietnamese syllables with their tone where spelling puts it."""
    from ..repair import well_formed

    words = _WORD.findall(nfc(text))[:sample]
    if not words:
        return 0.0
    return sum(fold(w) != w.lower() and _syllable(w) and well_formed(w) for w in words) / len(words)


def _syllable(word: str) -> bool:
    return bool(_SYLLABLE.fullmatch(nfc(unicodedata.normalize("NFD", word.lower()).translate(_TONE_MARKS))))


def tcvn3_letters(text: str) -> str:
    """TCVN3 letters (bytes read as latin-1) to Unicode, as they are: no guess at capitals."""
    return text.translate(_TCVN3_TABLE)


def tcvn3_decode(text: str) -> str:
    """TCVN3 text (bytes read as latin-1) to Unicode. Upper-case fonts reuse the lower-case codes, so a
    word typed in capitals reads 'HOạCH': put in capitals when its ASCII letters are (two or more), and a
    word with one such letter ('Kế', 'Xã') when the capital words around it on its line say so."""
    return "".join(_capitals(line) for line in text.translate(_TCVN3_TABLE).splitlines(keepends=True))


def _capitals(line: str) -> str:
    words = [[m.start(), m.end(), m.group(0)] for m in _WORD.finditer(line)]
    for w in words:
        ascii_letters = [c for c in w[2] if c.isascii()]
        if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
            w[2] = w[2].upper()
    # capital (True), lower-case (False), or unsure (None: 'Kế', 'Xã', 'ở': only the line can tell)
    state = [True if w.upper() == w else False if any(c.isascii() and c.islower() for c in w) else None
             for _, _, w in words]
    i = 0
    while i < len(words):
        if state[i] is not None:
            i += 1
            continue
        j = i
        while j < len(words) and state[j] is None:
            j += 1
        left = state[i - 1] if i > 0 else None
        right = state[j] if j < len(words) else None
        rest_capital = i == 0 and j < len(words) and all(state[j:]) and not re.search(r"\d", line) \
            and any(not c.isascii() for _, _, w in words[j:] for c in w)
        if (left and right) or rest_capital:
            for w in words[i:j]:
                w[2] = w[2].upper()
        i = j
    out, at = [], 0
    for start, end, word in words:
        out += [line[at:start], word]
        at = end
    return "".join(out) + line[at:]


def decode_text(path: Path, data: bytes) -> tuple[str, list[str], bool]:
    """(text, notes, verbatim) of a plain-text file's bytes. `verbatim`: the text is the file's own UTF-8,
    unchanged (the file can be the plan's source); otherwise the notes say what was converted.

    Raises ValueError `<path>: ...` when the text (in the best decoding) does not look Vietnamese."""
    try:
        text, encoding, legacy = _decode(data)
    except UnicodeDecodeError as exc:  # a BOM promised UTF-8 or UTF-16
        raise ValueError(f"{path}: not valid {exc.encoding.upper()} text after its byte-order mark (at byte {exc.start}); "
                         "convert it to UTF-8 first") from None
    ends = [name for name, present in (("CRLF", "\r\n" in text), ("CR", "\r" in text.replace("\r\n", ""))) if present]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A whole text in NFD (a Mac's files) is composed; a text with a few stray marks among composed letters
    # (a damaged PDF extraction) is kept as it is: its repairs are found in, and listed against, its bytes.
    decomposed = not legacy and nfc(text) != text and not _precomposed(text)
    if legacy or decomposed:
        text = nfc(text)
    if legacy:
        _check_legacy(path, text)
    share = marked_share(text)
    if share < REFUSE_BELOW:
        raise ValueError(f"{path}: does not look like Vietnamese text ({share:.0%} of words carry Vietnamese "
                         f"letters; a Vietnamese plan has over {NOTE_BELOW:.0%}): check the file and its encoding")
    notes = []
    changed = [f"decoded from {encoding} (not UTF-8)" if legacy else f"read as {encoding}"] if encoding != "UTF-8" else []
    changed += [f"{' and '.join(ends)} line ends"] if ends else []
    changed += ["letters with their marks written apart (Unicode NFD) composed to NFC"] if decomposed else []
    if changed:
        check = ": check the Vietnamese letters" if legacy else ""
        caps = ("; TCVN3 has no toned capitals: words in capitals were restored where their other letters are capitals, "
                "check headings" if encoding.startswith("TCVN3") else "")
        notes.append(f"{', '.join(changed)}{check}{caps}; the text is saved as UTF-8 with LF line ends")
    if share < NOTE_BELOW:
        notes.append(few_letters_note(share, "txt"))
    return text, notes, not changed


def _precomposed(text: str) -> bool:
    """Whether the text holds any precomposed letter (ạ, ơ, ...; đ has no decomposed form)."""
    return any(unicodedata.normalize("NFD", ch) != ch for ch in set(text))


def few_letters_note(share: float, kind: str) -> str:
    if kind == "pdf":
        return (f"the text layer has few Vietnamese letters ({share:.0%}; a plan has over {NOTE_BELOW:.0%}): the PDF's "
                "font may lack Vietnamese glyphs; check against the printed document or OCR it")
    return (f"the text has few Vietnamese letters ({share:.0%}; a plan has over {NOTE_BELOW:.0%}): letters may be lost "
            "or in a legacy font encoding; check against the printed document")


def _decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding name, legacy?) — UTF-8 (with or without BOM), UTF-16 with a BOM, else the
    legacy Vietnamese encoding whose result reads most like Vietnamese."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with a byte-order mark", False
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(codec), "UTF-16", False
    try:
        return data.decode("utf-8"), "UTF-8", False
    except UnicodeDecodeError:
        pass
    candidates = []
    try:
        candidates.append((nfc(data.decode("cp1258")), "Windows-1258"))
    except UnicodeDecodeError:
        pass  # bytes Windows-1258 leaves undefined (0x81, 0x8a, ...)
    try:  # TCVN3's letters are at 0xA1-0xFE, where Windows-1252 is Latin-1; its punctuation (– “ ”) is Windows-1252's
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    candidates.append((nfc(tcvn3_decode(western)), "TCVN3 (ABC)"))
    text, name = max(candidates, key=lambda c: vietnamese_share(c[0]))
    return text, name, True


def _check_legacy(path: Path, text: str) -> None:
    """A legacy decoding must give Vietnamese syllables, not just accented letters: VNI (two bytes per
    toned letter) read as either encoding has many marks in wrong places."""
    share = vietnamese_share(text)
    if share < LEGACY_BELOW:
        raise ValueError(f"{path}: does not look like Vietnamese text: not UTF-8, and read as Windows-1258 or TCVN3 "
                         f"at best {share:.0%} of words are Vietnamese syllables (a Vietnamese plan has over 80%): "
                         "check the file and its encoding (VNI is not read: convert it to Unicode first)")


def legacy_font_text(text: str) -> str | None:
    """The text decoded as TCVN3, if a .docx/.pdf was typed in a TCVN3 font (.VnTime): its letters then
    read far more like Vietnamese that way. None if not."""
    if not any(ch in TCVN3 for ch in text[:20000]):
        return None
    decoded = nfc(tcvn3_decode(text))
    before, after = vietnamese_share(text), vietnamese_share(decoded)
    return decoded if after >= LEGACY_BELOW and after > before + 0.3 else None
