"""Search keys for Chinese personal names (姓名检索码): full pinyin and initials.

``name_search_keys("张龙敏") == ("zhanglongmin", "zlm")`` lets the search box find a person by
typing ``zlm`` or ``zhanglongmin`` without an input method. ü is written ``v`` (``lv`` for 吕), as
on a keyboard.

Surnames are read with their surname reading, not the dictionary's most common one: 单 is
*shan*, 曾 *zeng*, 解 *xie*, 仇 *qiu* … and compound surnames (万俟 *moqi*, 尉迟 *yuchi*) are
recognised first. The given name goes through pypinyin as a phrase. Results are cached: pypinyin
costs tens of microseconds per call and demo generation asks for hundreds of thousands of names.

Pure Python: no Qt, no SQLAlchemy.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

__all__ = ["name_search_keys", "place_search_keys", "SURNAME_READINGS", "COMPOUND_SURNAMES"]

#: Surnames whose surname reading differs from the character's most common reading.
SURNAME_READINGS: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "盖": "ge",
    "覃": "qin",
    "尉": "yu",
    "乐": "yue",
    "员": "yun",
    "缪": "miao",
    "繁": "po",
    "翟": "zhai",
    "秘": "bi",
    "能": "nai",
    "冼": "xian",
    "句": "gou",
    "召": "shao",
    "种": "chong",
    "谌": "chen",
    "萨": "sa",
    "隗": "wei",
    "燕": "yan",
    "任": "ren",
    "郇": "huan",
    "过": "guo",
    "华": "hua",
    "宁": "ning",
    "纪": "ji",
    "蕃": "pi",
    "相": "xiang",
    "长": "chang",
    "沈": "shen",
    "石": "shi",
    "藏": "zang",
    "柏": "bai",
    "薄": "bo",
    "叶": "ye",
    "卜": "bu",
    "阚": "kan",
    "莘": "shen",
    "折": "she",
    "黑": "hei",
    "贲": "ben",
    "訾": "zi",
    "都": "du",
    "洗": "xian",
}

#: Compound surnames (复姓) with their readings; checked before single-character surnames.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"),
    "慕容": ("mu", "rong"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "西门": ("xi", "men"),
    "南宫": ("nan", "gong"),
    "呼延": ("hu", "yan"),
    "轩辕": ("xuan", "yuan"),
    "端木": ("duan", "mu"),
    "闻人": ("wen", "ren"),
    "申屠": ("shen", "tu"),
    "濮阳": ("pu", "yang"),
}


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


# Each cached function only calls the rule below it: mutmut leaves decorated functions alone
# (docs/mutation.md), and the rule itself should be mutation-tested.

@lru_cache(maxsize=32768)
def _syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of ``text`` (Han characters); other characters become ASCII tokens."""
    return _read_syllables(text)


def _read_syllables(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        if piece and all(_is_han(c) for c in piece):  # pypinyin has no reading for it
            continue
        # Syllables are ASCII already; a non-Han run keeps its letters and digits (full-width
        # folded, lowercased) and loses separators such as the middle dot.
        folded = unicodedata.normalize("NFKC", piece).lower()
        token = "".join(c for c in folded if c.isascii() and c.isalnum())
        if token:
            out.append(token)
    return tuple(out)


@lru_cache(maxsize=None)
def _char(ch: str) -> tuple[tuple[str, ...], bool]:
    """(syllables of one Han character, whether it has more than one toneless reading)."""
    return _read_char(ch)


def _read_char(ch: str) -> tuple[tuple[str, ...], bool]:
    readings = {r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]}
    return _syllables(ch), len(readings) > 1


def _given_name(text: str) -> tuple[str, ...]:
    # Characters with a single reading need no phrase context: join their cached readings and
    # ask pypinyin about the phrase only when a character could be read more than one way.
    out: tuple[str, ...] = ()
    for ch in text:
        if not _is_han(ch):
            return _syllables(text)
        syllables, ambiguous = _char(ch)
        if ambiguous:
            return _syllables(text)
        out += syllables
    return out


@lru_cache(maxsize=131072)
def name_search_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a personal name, lowercase, no spaces: ``("zhanglongmin", "zlm")``.

    Whitespace and separators such as the middle dot in transliterated names (``·``) are dropped;
    ASCII letters and digits are kept as they are (lowercased), and count as one initial per run.
    """
    return _name_keys(name)


def _name_keys(name: str) -> tuple[str, str]:
    text = "".join((name or "").split())
    if not text:
        return "", ""
    head: tuple[str, ...] = ()
    rest = text
    compound = COMPOUND_SURNAMES.get(text[:2])
    if compound is not None and len(text) > 2:
        head, rest = compound, text[2:]
    elif text[0] in SURNAME_READINGS and len(text) > 1:
        head, rest = (SURNAME_READINGS[text[0]],), text[1:]
    elif _is_han(text[0]) and len(text) > 1:
        # Surname and given name separately: 王朝阳 is wang + zhaoyang, not wangchao + yang; and
        # both halves repeat a lot, so the caches hit.
        head, rest = _syllables(text[0]), text[1:]
    syllables = head + _given_name(rest)
    return "".join(syllables), "".join(s[0] for s in syllables)


@lru_cache(maxsize=65536)
def place_search_keys(place: str) -> tuple[str, str]:
    """(full pinyin, initials) of a place name (乡镇, 村): ``("qingshancun", "qsc")`` for 青山村.

    Read as a phrase by pypinyin; no surname readings (a place called 单家村 is *danjiacun*).
    """
    return _place_keys(place)


def _place_keys(place: str) -> tuple[str, str]:
    text = "".join((place or "").split())
    if not text:
        return "", ""
    # v_to_u=False: ü comes as v (lv), as typed on a keyboard.
    syllables = tuple(s.lower() for s in lazy_pinyin(text, v_to_u=False) if s.strip())
    return "".join(syllables), "".join(s[0] for s in syllables if s)
