"""Search keys of names (姓名检索码): what a user types without an input method finds the person.

Each expected key is written from how the name is read aloud — 单 as a surname is *shan*, 朝阳 as a
given name *zhaoyang*, ü is typed ``v`` — not taken from the code's output.
"""

from __future__ import annotations

import pytest

from vcadre.domain import names
from vcadre.domain.names import name_search_keys, place_search_keys


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The keys are cached; each test reads them freshly (a cache filled by another test, or by
    the process a mutation run forks from, would answer for the code under test)."""
    cached = (names.name_search_keys, names.place_search_keys, names._syllables, names._char)
    for f in cached:
        f.cache_clear()
    yield
    for f in cached:
        f.cache_clear()


def test_full_pinyin_and_initials() -> None:
    assert name_search_keys("张龙敏") == ("zhanglongmin", "zlm")
    assert name_search_keys("李伟") == ("liwei", "lw")


def test_u_umlaut_is_typed_v() -> None:
    assert name_search_keys("吕布") == ("lvbu", "lb")  # a surname
    assert name_search_keys("张绿") == ("zhanglv", "zl")  # in the given name
    assert name_search_keys("吕女") == ("lvnv", "ln")


@pytest.mark.parametrize("name, keys", [
    ("单雄信", ("shanxiongxin", "sxx")),  # not dan
    ("曾国藩", ("zengguofan", "zgf")),  # not ceng
    ("解放", ("xiefang", "xf")),  # not jie
    ("仇小明", ("qiuxiaoming", "qxm")),  # not chou
    ("区小红", ("ouxiaohong", "oxh")),  # not qu
    ("查理", ("zhali", "zl")),  # not cha
    ("翟军", ("zhaijun", "zj")),  # not di
    ("乐乐", ("yuele", "yl")),  # the surname yue, the given name le
    ("覃红", ("qinhong", "qh")),  # not tan
])
def test_a_surname_is_read_with_its_surname_reading(name, keys) -> None:
    assert name_search_keys(name) == keys


@pytest.mark.parametrize("name, keys", [
    ("欧阳娜娜", ("ouyangnana", "oynn")),
    ("万俟卨", ("moqixie", "mqx")),  # 万 is mo here, not wan
    ("尉迟恭", ("yuchigong", "ycg")),  # 尉 alone would be the single surname yu too; 迟 chi
    ("单于明", ("chanyuming", "cym")),  # the compound 单于 is chanyu, the single surname 单 shan
    ("长孙无忌", ("zhangsunwuji", "zswj")),
    ("司马光", ("simaguang", "smg")),
])
def test_a_compound_surname_is_recognised_first(name, keys) -> None:
    assert name_search_keys(name) == keys


def test_two_characters_that_spell_a_compound_surname_are_a_surname_and_a_given_name() -> None:
    # A compound surname needs a given name after it: 单于 alone is Mr 单 called 于.
    assert name_search_keys("单于") == ("shanyu", "sy")
    assert name_search_keys("欧阳") == ("ouyang", "oy")


def test_the_given_name_is_read_as_a_phrase_apart_from_the_surname() -> None:
    # 朝阳 is zhaoyang as a name; read with the surname, 王朝 would make it wangchao-yang.
    assert name_search_keys("王朝阳") == ("wangzhaoyang", "wzy")
    assert name_search_keys("郑重阳") == ("zhengchongyang", "zcy")  # 重阳, not 郑重 zhengzhong
    assert name_search_keys("段长江") == ("duanchangjiang", "dcj")  # 长江, not 段长 duanzhang
    assert name_search_keys("解长江") == ("xiechangjiang", "xcj")  # after a surname reading too
    assert name_search_keys("欧阳长江") == ("ouyangchangjiang", "oycj")  # after a compound surname
    # Characters with one reading are read one by one, with any ambiguous one in the phrase.
    assert name_search_keys("张伟强") == ("zhangweiqiang", "zwq")


def test_a_two_character_name_is_a_surname_and_a_given_name_too() -> None:
    # 行 as a given name is xing (李行); 武行 the word (martial-arts trade) would be wuhang.
    assert name_search_keys("武行") == ("wuxing", "wx")
    assert name_search_keys("李行") == ("lixing", "lx")


def test_whitespace_and_separators_are_dropped() -> None:
    for typed in ("张 龙敏", " 张龙敏 ", "张\u3000龙敏", "张\t龙\n敏"):
        assert name_search_keys(typed) == ("zhanglongmin", "zlm"), typed
    assert name_search_keys("阿依古丽·买买提") == ("ayigulimaimaiti", "ayglmmt")
    assert name_search_keys("单 雄信") == ("shanxiongxin", "sxx")  # the surname is still first


@pytest.mark.parametrize("name, keys", [
    ("张A", ("zhanga", "za")),
    ("王2号", ("wang2hao", "w2h")),
    ("李ab3c", ("liab3c", "la")),  # one run of letters and digits is one initial
    ("ＡＢ张", ("abzhang", "az")),  # full-width letters folded, lowercased
    ("Tom", ("tom", "t")),
    ("A", ("a", "a")),
])
def test_latin_letters_and_digits_are_kept_lowercased_one_initial_per_run(name, keys) -> None:
    assert name_search_keys(name) == keys


def test_a_name_of_one_character_is_read_as_the_character() -> None:
    # No given name follows, so no surname reading is assumed.
    assert name_search_keys("张") == ("zhang", "z")
    assert name_search_keys("单") == ("dan", "d")


def test_characters_without_a_reading_are_left_out() -> None:
    assert name_search_keys("王\U0002A6D6") == ("wang", "w")  # 𪛖 (Extension B): pypinyin has no reading
    assert name_search_keys("\U0002A6D6x") == ("x", "x")
    assert name_search_keys("张㐀") == ("zhangqiu", "zq")  # 㐀 U+3400, the first of Extension A, has one
    # Inside a given name read as a phrase, what follows such a character is still read.
    assert name_search_keys("王\U0002A6D6朝阳") == ("wangzhaoyang", "wzy")


def test_keys_hold_only_what_a_keyboard_types_without_an_input_method() -> None:
    # Kana, Hangul and accented letters are left out; full-width and compatibility forms folded.
    assert name_search_keys("李ア") == ("li", "l")
    assert name_search_keys("金민") == ("jin", "j")
    assert name_search_keys("Zoé") == ("zo", "z")
    assert name_search_keys("王Ⅱ") == ("wangii", "wi")
    assert name_search_keys("张ａ") == ("zhanga", "za")


def test_han_characters_of_the_extension_blocks_count_as_han() -> None:
    # The first and last code points of the ranges read as Han (U+3400–U+9FFF, U+20000–U+3134F).
    for ch in ("\u3400", "\u9fff", "\U00020000", "\U0003134f", "张"):
        assert names._is_han(ch), hex(ord(ch))
    for ch in ("\u33ff", "\ua000", "\U0001ffff", "\U00031350", "a", "·", "Ａ"):
        assert not names._is_han(ch), hex(ord(ch))


def test_an_empty_name_has_empty_keys() -> None:
    for typed in ("", "   ", "\u3000", None):
        assert name_search_keys(typed) == ("", ""), repr(typed)


@pytest.mark.parametrize("place, keys", [
    ("青山村", ("qingshancun", "qsc")),
    ("单家村", ("danjiacun", "djc")),  # a place: no surname reading
    ("绿水村", ("lvshuicun", "lsc")),  # ü typed v
    ("长江 村", ("changjiangcun", "cjc")),  # read as a phrase, whitespace dropped
    ("重庆路社区", ("chongqinglushequ", "cqlsq")),
    ("", ("", "")),
    (" ", ("", "")),
    (None, ("", "")),
])
def test_place_names(place, keys) -> None:
    assert place_search_keys(place) == keys
