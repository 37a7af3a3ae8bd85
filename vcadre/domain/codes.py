"""Code tables (代码表): coded fields store the code and show the label.

National standards (GB/T 2261.1, GB 3304, GB/T 4658, GB/T 4762) keep their official codes so that
data exchanged with the national cadre information system (A01 structure) needs no translation;
the app's own tables use short ASCII codes that read well in the database and in sync files.

Pure Python: no Qt, no SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "Code",
    "CodeTable",
    "UnknownCode",
    "GENDER",
    "ETHNICITY",
    "EDUCATION",
    "POLITICAL_STATUS",
    "VILLAGE_POST",
    "SINGLE_POSTS",
    "POST_ORIGIN",
    "TALENT_SOURCE",
    "STAGE",
    "RESERVE_STATUS",
    "EXIT_REASON",
    "NOMINATION",
    "ASSESSMENT",
    "DISPATCH_ROLE",
    "DISPATCH_STATUS",
    "TRAINING_KIND",
    "ATTENDANCE",
    "ENROLMENT_RESULT",
    "REGION_LEVEL",
    "TOWNSHIP_KIND",
    "VILLAGE_KIND",
    "TABLES",
    "is_party_member",
    "stage_index",
    "next_stage",
    "previous_stage",
]


class UnknownCode(ValueError):
    """A value that is neither a code nor a label of a code table (未知代码)."""

    def __init__(self, table: CodeTable, value: object) -> None:
        self.table_name = table.name
        self.value = value
        super().__init__(f"未知的{table.title}：“{value}”")


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code table (代码项).

    ``short`` is the standard's abbreviation (简称) where it has one, for narrow columns;
    ``aliases`` are other spellings met in spreadsheets being imported (e.g. “汉”, “大专”).
    """

    code: str
    label: str
    label_en: str
    short: str = ""
    aliases: tuple[str, ...] = ()


def _key(text: str) -> str:
    # Imported spreadsheets carry stray (full-width) spaces and mixed-case English.
    return "".join(text.split()).casefold()


class CodeTable:
    """An ordered, immutable code table (代码表).

    ``name`` is the ASCII key used in ``TABLES``; ``title`` is the Chinese name used in messages.
    """

    __slots__ = ("name", "title", "items", "_by_code", "_lookup")

    def __init__(self, name: str, title: str, items: Iterable[Code]) -> None:
        self.name = name
        self.title = title
        self.items: tuple[Code, ...] = tuple(items)
        self._by_code: dict[str, Code] = {}
        self._lookup: dict[str, str] = {}
        for item in self.items:
            if item.code in self._by_code:
                raise ValueError(f"{name}: duplicate code {item.code!r}")
            self._by_code[item.code] = item
        # Codes win over labels, so that a label can never shadow another entry's code.
        for item in self.items:
            self._lookup[item.code] = item.code
        for item in self.items:
            spellings = (item.label, item.label_en, item.short, *item.aliases)
            for spelling in filter(None, spellings):
                key = _key(spelling)
                found = self._lookup.setdefault(key, item.code)
                if found != item.code:
                    raise ValueError(f"{name}: {spelling!r} names both {found!r} and {item.code!r}")

    def label(self, code: str) -> str:
        """Chinese label of ``code``; ``KeyError`` if unknown."""
        return self._by_code[code].label

    def label_en(self, code: str) -> str:
        """English label of ``code``; ``KeyError`` if unknown."""
        return self._by_code[code].label_en

    def short_label(self, code: str) -> str:
        """Abbreviation (简称) if the standard has one, else the label; ``KeyError`` if unknown."""
        item = self._by_code[code]
        return item.short or item.label

    def display(self, code: str | None, default: str = "") -> str:
        """Label for showing a stored value: ``default`` for None, the raw code if unknown.

        Lenient on purpose: a row synced from a newer version may carry a code this one lacks,
        and the GUI must still show it rather than crash.
        """
        if code is None:
            return default
        item = self._by_code.get(code)
        return item.label if item is not None else code

    def code_for(self, value: str) -> str:
        """The code for a code, Chinese label, English label, abbreviation or alias.

        Raises ``UnknownCode`` with a Chinese message naming the table and the value.
        """
        if value in self._by_code:
            return value
        found = self._lookup.get(_key(value)) if isinstance(value, str) else None
        if found is None:
            raise UnknownCode(self, value)
        return found

    def get(self, code: str) -> Code | None:
        """The entry for ``code``, or None."""
        return self._by_code.get(code)

    def codes(self) -> list[str]:
        """All codes, in table order."""
        return [item.code for item in self.items]

    def labels(self) -> list[str]:
        """All Chinese labels, in table order."""
        return [item.label for item in self.items]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"CodeTable({self.name!r}, {len(self.items)} codes)"


def _table(name: str, title: str, rows: Iterable[tuple[str, ...]]) -> CodeTable:
    # Rows are (code, label, label_en[, short[, alias, ...]]) to keep the tables below readable.
    items = []
    for code, label, label_en, *rest in rows:
        short = rest[0] if rest else ""
        items.append(Code(code, label, label_en, short, tuple(rest[1:])))
    return CodeTable(name, title, items)


# --- National standards -------------------------------------------------------------------------

#: 性别, GB/T 2261.1-2003.
GENDER = _table("gender", "性别", [
    ("0", "未知的性别", "Unknown"),
    ("1", "男", "Male", "", "男性", "M"),
    ("2", "女", "Female", "", "女性", "F"),
    ("9", "未说明的性别", "Not stated"),
])

#: 民族, GB 3304-91 (numeric codes, official order; English is the standard's romanization).
ETHNICITY = _table("ethnicity", "民族", [
    ("01", "汉族", "Han", "汉"),
    ("02", "蒙古族", "Mongol", "蒙古", "Mongolian"),
    ("03", "回族", "Hui", "回"),
    ("04", "藏族", "Zang", "藏", "Tibetan"),
    ("05", "维吾尔族", "Uygur", "维吾尔", "Uyghur"),
    ("06", "苗族", "Miao", "苗"),
    ("07", "彝族", "Yi", "彝"),
    ("08", "壮族", "Zhuang", "壮"),
    ("09", "布依族", "Buyei", "布依", "Bouyei"),
    ("10", "朝鲜族", "Chosen", "朝鲜", "Korean"),
    ("11", "满族", "Man", "满", "Manchu"),
    ("12", "侗族", "Dong", "侗"),
    ("13", "瑶族", "Yao", "瑶"),
    ("14", "白族", "Bai", "白"),
    ("15", "土家族", "Tujia", "土家"),
    ("16", "哈尼族", "Hani", "哈尼"),
    ("17", "哈萨克族", "Kazak", "哈萨克", "Kazakh"),
    ("18", "傣族", "Dai", "傣"),
    ("19", "黎族", "Li", "黎"),
    ("20", "傈僳族", "Lisu", "傈僳"),
    ("21", "佤族", "Va", "佤", "Wa"),
    ("22", "畲族", "She", "畲"),
    ("23", "高山族", "Gaoshan", "高山"),
    ("24", "拉祜族", "Lahu", "拉祜"),
    ("25", "水族", "Sui", "水", "Shui"),
    ("26", "东乡族", "Dongxiang", "东乡"),
    ("27", "纳西族", "Naxi", "纳西"),
    ("28", "景颇族", "Jingpo", "景颇"),
    ("29", "柯尔克孜族", "Kirgiz", "柯尔克孜", "Kyrgyz"),
    ("30", "土族", "Tu", "土"),
    ("31", "达斡尔族", "Daur", "达斡尔"),
    ("32", "仫佬族", "Mulam", "仫佬", "Mulao"),
    ("33", "羌族", "Qiang", "羌"),
    ("34", "布朗族", "Blang", "布朗"),
    ("35", "撒拉族", "Salar", "撒拉"),
    ("36", "毛南族", "Maonan", "毛南", "毛难族"),
    ("37", "仡佬族", "Gelao", "仡佬"),
    ("38", "锡伯族", "Xibe", "锡伯"),
    ("39", "阿昌族", "Achang", "阿昌"),
    ("40", "普米族", "Pumi", "普米"),
    ("41", "塔吉克族", "Tajik", "塔吉克"),
    ("42", "怒族", "Nu", "怒"),
    ("43", "乌孜别克族", "Uzbek", "乌孜别克"),
    ("44", "俄罗斯族", "Russ", "俄罗斯", "Russian"),
    ("45", "鄂温克族", "Ewenki", "鄂温克", "Evenki"),
    # Renamed from 崩龙族 in 1985; old registers still say 崩龙.
    ("46", "德昂族", "Deang", "德昂", "崩龙族", "De'ang"),
    ("47", "保安族", "Bonan", "保安"),
    ("48", "裕固族", "Yugur", "裕固"),
    ("49", "京族", "Gin", "京", "Jing"),
    ("50", "塔塔尔族", "Tatar", "塔塔尔"),
    ("51", "独龙族", "Derung", "独龙", "Drung"),
    ("52", "鄂伦春族", "Oroqen", "鄂伦春"),
    ("53", "赫哲族", "Hezhen", "赫哲"),
    ("54", "门巴族", "Monba", "门巴"),
    ("55", "珞巴族", "Lhoba", "珞巴"),
    ("56", "基诺族", "Jino", "基诺"),
    ("97", "其他", "Other", "", "未识别民族"),
    ("98", "外国血统中国籍人士", "Chinese citizen of foreign origin", "入籍"),
])

#: 学历, GB/T 4658-2006 (only the "graduated" codes a cadre form records).
EDUCATION = _table("education", "学历", [
    ("11", "博士研究生", "Doctoral degree", "博士", "博士研究生毕业"),
    ("14", "硕士研究生", "Master's degree", "硕士", "硕士研究生毕业"),
    ("21", "大学本科", "Bachelor's degree", "本科", "大学本科毕业"),
    ("31", "大学专科", "Junior college", "大专", "大学专科毕业", "专科"),
    ("41", "中等专科", "Secondary specialized school", "中专", "中等专科毕业"),
    ("44", "职业高中", "Vocational high school", "职高", "职业高中毕业"),
    ("47", "技工学校", "Technical school", "技校", "技工学校毕业"),
    ("61", "普通高中", "Senior high school", "高中", "普通高中毕业"),
    ("71", "初中", "Junior middle school", "", "初中毕业"),
    ("81", "小学", "Primary school", "", "小学毕业"),
    ("90", "其他", "Other"),
])

#: 政治面貌, GB/T 4762-1984 (label is the full name, short the standard's abbreviation).
POLITICAL_STATUS = _table("political_status", "政治面貌", [
    ("01", "中国共产党党员", "CPC member", "中共党员", "党员"),
    ("02", "中国共产党预备党员", "CPC probationary member", "中共预备党员", "预备党员"),
    ("03", "中国共产主义青年团团员", "CYL member", "共青团员", "团员"),
    ("04", "中国国民党革命委员会会员", "RCCK member", "民革会员"),
    ("05", "中国民主同盟盟员", "CDL member", "民盟盟员"),
    ("06", "中国民主建国会会员", "CNDCA member", "民建会员"),
    ("07", "中国民主促进会会员", "CAPD member", "民进会员"),
    ("08", "中国农工民主党党员", "CPWDP member", "农工党党员"),
    ("09", "中国致公党党员", "CZGP member", "致公党党员"),
    ("10", "九三学社社员", "Jiusan Society member", "九三学社社员"),
    ("11", "台湾民主自治同盟盟员", "TDSGL member", "台盟盟员"),
    ("12", "无党派民主人士", "Non-party personage", "无党派人士"),
    ("13", "群众", "Ordinary citizen", "", "普通居民"),
])

_PARTY_MEMBER_CODES = frozenset({"01", "02"})


def is_party_member(code: str | None) -> bool:
    """True for full and probationary CPC members (中共党员、中共预备党员)."""
    return code in _PARTY_MEMBER_CODES


# --- Village posts and the talent pipeline --------------------------------------------------------

#: 村级职务.
VILLAGE_POST = _table("village_post", "村级职务", [
    ("secretary", "村党组织书记", "Village Party secretary", "书记", "村党支部书记", "村党委书记", "村党总支书记"),
    ("deputy_secretary", "村党组织副书记", "Deputy Party secretary", "副书记"),
    ("party_committee", "村党组织委员", "Party committee member", "支委", "支部委员", "党支部委员"),
    ("director", "村（居）民委员会主任", "Committee director", "主任", "村民委员会主任", "居民委员会主任", "村委会主任"),
    ("deputy_director", "村（居）民委员会副主任", "Deputy committee director", "副主任", "村委会副主任", "居委会副主任"),
    ("committee_member", "村（居）民委员会委员", "Committee member", "委员", "村委委员", "村委会委员", "居委会委员"),
    ("supervision_director", "村务监督委员会主任", "Supervision committee director", "监委会主任", "村监委会主任", "监督委员会主任"),
])

#: Posts with one holder at a time per village (the others may have several).
SINGLE_POSTS: frozenset[str] = frozenset({"secretary", "director", "supervision_director"})

#: 任职方式.
POST_ORIGIN = _table("post_origin", "任职方式", [
    ("election", "选举", "Election"),
    ("appointment", "任命", "Appointment"),
    ("by_election", "补选", "By-election"),
])

#: 人才来源.
TALENT_SOURCE = _table("talent_source", "人才来源", [
    ("rural_talent", "乡村能人", "Rural talent", "", "致富能手", "能人", "农村致富带头人"),
    ("veteran", "复退军人", "Veteran", "", "退役军人", "复员退伍军人", "退伍军人", "转业军人"),
    ("retired_cadre", "退休干部", "Retired cadre"),
    ("returned_graduate", "返乡大中专毕业生", "Returned graduate", "", "返乡大学生", "大学生", "大中专毕业生", "高校毕业生"),
    ("young_entrepreneur", "创业青年", "Young entrepreneur", "", "青年创业者", "返乡创业青年"),
    ("other", "其他", "Other"),
])

#: 培养阶段 — the table order is the pipeline order.
STAGE = _table("stage", "培养阶段", [
    ("talent", "优秀人才", "Talent"),
    ("reserve", "村后备干部", "Reserve cadre", "后备干部"),
    ("cadre", "村干部", "Village cadre"),
    ("secretary", "村党组织书记", "Party secretary"),
])

_STAGE_ORDER: tuple[str, ...] = tuple(STAGE.codes())


def stage_index(code: str) -> int:
    """Position of a stage in the pipeline (0 = 优秀人才); ``UnknownCode`` if not a stage."""
    try:
        return _STAGE_ORDER.index(code)
    except ValueError:
        raise UnknownCode(STAGE, code) from None


def next_stage(code: str) -> str | None:
    """The stage after ``code``, or None at the top (村党组织书记)."""
    i = stage_index(code) + 1
    return _STAGE_ORDER[i] if i < len(_STAGE_ORDER) else None


def previous_stage(code: str) -> str | None:
    """The stage before ``code``, or None at the bottom (优秀人才)."""
    i = stage_index(code) - 1
    return _STAGE_ORDER[i] if i >= 0 else None


#: 库内状态.
RESERVE_STATUS = _table("reserve_status", "库内状态", [
    ("active", "在库", "In pool"),
    ("inspecting", "考察中", "Under inspection"),
    ("used", "已使用", "Used"),
    ("exited", "退出", "Exited"),
])

#: 退出原因.
EXIT_REASON = _table("exit_reason", "退出原因", [
    ("used", "已使用", "Used"),
    ("unsuitable", "不再适合", "No longer suitable"),
    ("moved", "迁出", "Moved away"),
    ("other", "其他", "Other"),
])

#: 推荐方式.
NOMINATION = _table("nomination", "推荐方式", [
    ("self", "个人自荐", "Self-nomination", "自荐"),
    ("masses", "群众推荐", "Recommended by villagers"),
    ("members", "党员推荐", "Recommended by Party members"),
    ("organization", "组织推荐", "Recommended by the organization"),
    ("other", "其他", "Other"),
])

#: 年度考核结果.
ASSESSMENT = _table("assessment", "考核结果", [
    ("excellent", "优秀", "Excellent", "", "优"),
    ("competent", "称职", "Competent", "", "合格"),
    ("basic", "基本称职", "Basically competent", "", "基本合格"),
    ("incompetent", "不称职", "Incompetent", "", "不合格"),
])

# --- Dispatch (驻村) and training ----------------------------------------------------------------

#: 驻村职务.
DISPATCH_ROLE = _table("dispatch_role", "驻村职务", [
    ("first_secretary", "第一书记", "First secretary"),
    ("team_leader", "工作队队长", "Team leader", "队长"),
    ("team_member", "工作队队员", "Team member", "队员"),
])

#: 驻村状态.
DISPATCH_STATUS = _table("dispatch_status", "驻村状态", [
    ("on_post", "在岗", "On post"),
    ("rotated", "期满轮换", "Rotated at term end", "期满", "轮换"),
    ("recalled", "召回", "Recalled"),
    ("adjusted", "调整", "Adjusted"),
])

#: 培训类别.
TRAINING_KIND = _table("training_kind", "培训类别", [
    ("village_cadre", "村干部培训班", "Village cadre course"),
    ("work_team", "驻村工作队专题培训", "Village work team course"),
    ("reserve", "后备干部培训", "Reserve cadre course"),
    ("other", "其他", "Other"),
])

#: 出勤情况.
ATTENDANCE = _table("attendance", "出勤情况", [
    ("present", "出勤", "Present"),
    ("absent", "缺勤", "Absent"),
    ("leave", "请假", "On leave"),
])

#: 结业情况.
ENROLMENT_RESULT = _table("enrolment_result", "结业情况", [
    ("pending", "未评定", "Pending"),
    ("completed", "结业", "Completed", "", "已结业", "合格", "是"),
    ("not_completed", "未结业", "Not completed", "", "不合格", "否"),
])

# --- Regions ------------------------------------------------------------------------------------

#: 行政区划级别.
REGION_LEVEL = _table("region_level", "区划级别", [
    ("county", "县", "County"),
    ("township", "乡镇", "Township"),
    ("village", "村", "Village"),
])

#: 乡镇类别.
TOWNSHIP_KIND = _table("township_kind", "乡镇类别", [
    ("town", "镇", "Town"),
    ("township", "乡", "Township"),
    ("subdistrict", "街道", "Subdistrict"),
])

#: 村（社区）类别.
VILLAGE_KIND = _table("village_kind", "村（社区）类别", [
    ("village", "村", "Village"),
    ("community", "社区", "Community"),
])

#: Every table by its ASCII name (for import mapping, sync validation and the CLI).
TABLES: dict[str, CodeTable] = {
    t.name: t
    for t in (
        GENDER, ETHNICITY, EDUCATION, POLITICAL_STATUS, VILLAGE_POST, POST_ORIGIN, TALENT_SOURCE,
        STAGE, RESERVE_STATUS, EXIT_REASON, NOMINATION, ASSESSMENT, DISPATCH_ROLE,
        DISPATCH_STATUS, TRAINING_KIND, ATTENDANCE, ENROLMENT_RESULT, REGION_LEVEL,
        TOWNSHIP_KIND, VILLAGE_KIND,
    )
}
