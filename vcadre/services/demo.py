"""Demo data (演示数据): a realistic, deterministic county or province to try vcadre with.

``build_demo(db, "county")`` fills an empty database with a county modelled on 织金县 (Zhijin,
Guizhou, code 520524): 33 townships and subdistricts, 578 villages and communities, about 15,000
people with valid synthetic ID numbers, village posts over three terms (exactly 220 villages are
"one-shoulder" today), a reserve pool of about 4,500 entries with stage histories, mentors and
yearly assessments, eight training classes in 2020–2021 with 1,867 distinct trainees, and the
resident first secretaries and work teams of every rotation batch since 2019. ``"province"``
makes 88 county-level units of Guizhou with about 1,500 townships, 16,000 villages and half a
million people, for trying the GUI and reports at full size.

Same seed (and same ``today``), same data: every random choice comes from ``random.Random(seed)``
and the row ids (UUIDv7-shaped) from a second generator seeded from it, so two databases built
alike hold identical rows apart from the sync bookkeeping (clock stamp, site, wall-clock time).
``today`` only decides which posts and dispatches are current (and probationary members' join
dates); it defaults to ``clock.today()``.

Speed: rows go in with ``executemany`` on the Session's own connection inside one transaction
(so a cancelled or failed build leaves nothing behind), with dates pre-formatted the way the
SQLAlchemy SQLite dialect stores them. The ORM flush hook does not see these inserts, so the
bookkeeping columns are filled here and the local site's clock is advanced at the end.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vcadre import clock
from vcadre.domain.idnumber import make_id_number
from vcadre.domain.names import name_search_keys
from vcadre.store.clock import HybridClock
from vcadre.store import search_index
from vcadre.store.db import Database, local_site
from vcadre.store.models import SYNCED_MODELS, Region

__all__ = ["build_demo", "DemoSummary", "Cancelled", "DemoError", "SCALES"]

SCALES = ("county", "province")


class Cancelled(Exception):
    """The progress callback asked to stop; nothing was written."""


class DemoError(ValueError):
    """Demo data cannot be built here (message in Chinese)."""


@dataclass
class DemoSummary:
    scale: str
    seed: int
    today: date
    counties: int = 0
    townships: int = 0
    villages: int = 0
    villages_needing_first_secretary: int = 0
    persons: int = 0
    village_posts: int = 0
    one_shoulder_villages: int = 0
    reserve_entries: int = 0
    stage_changes: int = 0
    assessments: int = 0
    training_sessions: int = 0
    trainees: int = 0
    enrolments: int = 0
    attendance: int = 0
    rotation_batches: int = 0
    dispatches: int = 0
    dispatches_on_post: int = 0
    first_secretaries_on_post: int = 0
    dispatch_months: int = 0
    visits: int = 0
    seconds: float = 0.0
    per_table: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["today"] = self.today.isoformat()
        return d


#: (reason not yet one-shoulder, plan) for the demo's one-shoulder plans.
_SHOULDER_PLANS = (
    ("村党组织书记年龄偏大，不宜兼任村委会主任", "换届时推选后备干部任书记、主任“一肩挑”"),
    ("村委会主任非中共党员", "发展主任入党，培养成熟后按程序推选为书记"),
    ("书记群众基础较弱，选举把握不大", "加强群众工作，换届前开展民主测评"),
    ("村情复杂，宗族因素影响选举", "乡镇党委书记包村，提前研判换届风险"),
    ("现任书记为下派干部，不宜担任村委会主任", "从本村致富能人中培养书记人选"),
    ("后备力量不足", "从返乡大学生中选育后备干部，两年内实现“一肩挑”"),
)


# --- Column layouts for the raw inserts ----------------------------------------------------------
# Bookkeeping columns (hlc, site_id, updated_at, deleted) are appended as SQL literals per chunk.

_COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("id", "code", "name", "level", "kind", "parent_id", "needs_first_secretary"),
    "person": (
        "id", "name", "name_pinyin", "name_initials", "gender", "ethnicity", "birth_date",
        "native_place", "id_number", "phone", "education", "education_inservice",
        "political_status", "party_join_date", "work_start_date", "home_village_id", "notes",
    ),
    "reserve_entry": (
        "id", "person_id", "village_id", "source", "nomination", "stage", "status", "entry_date",
        "exit_date", "exit_reason", "mentor", "trial_post", "notes",
    ),
    "stage_change": (
        "id", "entry_id", "change_date", "from_stage", "to_stage", "from_status", "to_status",
        "reason",
    ),
    "assessment": ("id", "entry_id", "year", "result", "notes"),
    "village_post": (
        "id", "person_id", "village_id", "post", "start_date", "end_date", "origin", "notes",
    ),
    "training_session": (
        "id", "title", "kind", "organizer", "start_date", "end_date", "place", "planned_hours",
        "capacity", "year", "region_id", "notes",
    ),
    "enrolment": (
        "id", "session_id", "person_id", "hours_completed", "result", "override_reason",
        "certificate_no", "certificate_revoked", "notes",
    ),
    "attendance": ("id", "enrolment_id", "day", "status", "hours"),
    "certificate_series": ("id", "session_id", "year", "class_no", "last_seq"),
    "certificate_event": ("id", "enrolment_id", "certificate_no", "action", "event_date", "reason"),
    "training_setting": ("id", "key", "value"),
    "rotation_batch": ("id", "name", "batch_date", "notes"),
    "dispatch": (
        "id", "person_id", "unit", "unit_post", "role", "village_id", "batch_id", "start_date",
        "planned_end", "actual_end", "status", "end_reason", "handover_note", "notes",
    ),
    "dispatch_month": ("id", "dispatch_id", "month", "days"),
    "visit": ("id", "dispatch_id", "visit_date", "households", "matters", "follow_up"),
    "one_shoulder_plan": ("id", "village_id", "reason", "plan", "target_date", "candidate_id", "notes"),
    # Documents (issue 18): the demo makes none of these.
    "person_photo": ("id", "person_id", "jpeg_b64", "width", "height", "source"),
    "person_detail": ("id", "person_id", "field", "value"),
    "family_member": ("id", "person_id", "position", "relation", "name", "birth", "political_status", "work"),
}
_BOOKKEEPING = ("hlc", "site_id", "updated_at", "deleted")
_ORDER = tuple(m.__tablename__ for m in SYNCED_MODELS)  # parents before children


def _check_layouts() -> None:
    for model in SYNCED_MODELS:
        have = set(_COLUMNS[model.__tablename__]) | set(_BOOKKEEPING)
        want = {c.name for c in model.__table__.columns}
        if have != want:  # pragma: no cover - guards against schema drift
            raise RuntimeError(f"demo layout of {model.__tablename__} is out of date: {have ^ want}")


_check_layouts()


class _Ids:
    """Deterministic UUIDv7-shaped ids, cheap enough for millions of rows.

    The 48-bit timestamp is a fixed 2024 instant advanced by the row count / 4096, the 12 bits
    of ``rand_a`` carry the count's low bits (so ids are unique and time-ordered), and the 62
    bits of ``rand_b`` mix a per-seed salt with the count (so ids of different seeds differ).
    """

    BASE_MS = 1_704_067_200_000  # 2024-01-01T00:00:00Z
    _MIX = 0x2545_F491_4F6C_DD1D  # odd: multiplication by it permutes 64-bit integers
    _MASK = 0x3FFF_FFFF_FFFF_FFFF

    def __init__(self, seed: int) -> None:
        self._salt = random.Random(f"vcadre-demo-ids:{seed}").getrandbits(62)
        self._n = 0
        self._block = -1
        self._head = ""

    def __call__(self) -> str:
        n = self._n = self._n + 1
        if n >> 12 != self._block:
            self._block = n >> 12
            t = f"{self.BASE_MS + self._block:012x}"
            self._head = f"{t[:8]}-{t[8:]}-7"
        h = f"{0x8000_0000_0000_0000 | (((n * self._MIX) ^ self._salt) & self._MASK):016x}"
        return f"{self._head}{n & 0xFFF:03x}-{h[:4]}-{h[4:]}"


class _Sink:
    """Buffers rows per table and writes them, parents first, with ``executemany``."""

    def __init__(self, session: Session, site_id: str, clock: HybridClock, now: datetime) -> None:
        self._conn = session.connection()
        self._site_id = site_id
        self._clock = clock
        self._now = now.isoformat(sep=" ", timespec="microseconds")
        self.rows: dict[str, list[tuple]] = {t: [] for t in _ORDER}
        self.counts: dict[str, int] = {t: 0 for t in _ORDER}

    def flush(self) -> None:
        for table in _ORDER:
            rows = self.rows[table]
            if not rows:
                continue
            cols = _COLUMNS[table]
            # Literals are safe: a stamp of digits and a dot, a UUID, an ISO timestamp.
            sql = (
                f"INSERT INTO {table} ({', '.join(cols + _BOOKKEEPING)}) VALUES "
                f"({', '.join('?' * len(cols))}, '{self._clock.tick()}', '{self._site_id}', "
                f"'{self._now}', 0)"
            )
            self._conn.exec_driver_sql(sql, rows)
            self.counts[table] += len(rows)
            self.rows[table] = []


# --- Reference data ------------------------------------------------------------------------------

ZHIJIN_CODE = "520524"
ZHIJIN_NAME = "织金县"

#: Zhijin's 33 townships and subdistricts (乡镇、街道) in code order.
ZHIJIN_TOWNSHIPS = (
    "文腾街道", "双堰街道", "金凤街道", "三甲街道", "惠民街道", "八步街道", "绮陌街道",
    "龙场镇", "熊家场镇", "白泥镇", "以那镇", "珠藏镇", "三塘镇", "阿弓镇", "黑土镇", "猫场镇",
    "马场镇", "中寨镇", "少普镇", "桂果镇", "牛场镇", "化起镇", "板桥镇",
    "自强苗族乡", "官寨苗族乡", "大平苗族彝族乡", "茶店布依族苗族彝族乡",
    "金龙苗族彝族布依族乡", "鸡场苗族彝族布依族乡", "后寨乡", "纳雍乡", "实兴乡", "上坪寨乡",
)

#: Places that must exist (township, village) — users and tests look for them by name.
ZHIJIN_PLACES = (
    ("龙场镇", "青山村"), ("熊家场镇", "白马村"), ("金凤街道", "化垮社区"),
    ("三甲街道", "裕民社区"), ("白泥镇", "前进村"), ("以那镇", "大寨村"), ("以那镇", "五星村"),
    ("后寨乡", "高墩村"), ("惠民街道", "惠泽社区"),
)
ZHIJIN_VILLAGES = 578
ZHIJIN_ONE_SHOULDER = 220
ZHIJIN_PERSONS = 15_000
ZHIJIN_RESERVE = 4_500
ZHIJIN_TRAINEES = 1_867

#: Guizhou's 88 county-level units (GB/T 2260) for the province scale and for 籍贯/ID prefixes.
GUIZHOU_COUNTIES = (
    ("520102", "南明区"), ("520103", "云岩区"), ("520111", "花溪区"), ("520112", "乌当区"),
    ("520113", "白云区"), ("520115", "观山湖区"), ("520121", "开阳县"), ("520122", "息烽县"),
    ("520123", "修文县"), ("520181", "清镇市"),
    ("520201", "钟山区"), ("520203", "六枝特区"), ("520204", "水城区"), ("520281", "盘州市"),
    ("520302", "红花岗区"), ("520303", "汇川区"), ("520304", "播州区"), ("520322", "桐梓县"),
    ("520323", "绥阳县"), ("520324", "正安县"), ("520325", "道真仡佬族苗族自治县"),
    ("520326", "务川仡佬族苗族自治县"), ("520327", "凤冈县"), ("520328", "湄潭县"),
    ("520329", "余庆县"), ("520330", "习水县"), ("520381", "赤水市"), ("520382", "仁怀市"),
    ("520402", "西秀区"), ("520403", "平坝区"), ("520422", "普定县"),
    ("520423", "镇宁布依族苗族自治县"), ("520424", "关岭布依族苗族自治县"),
    ("520425", "紫云苗族布依族自治县"),
    ("520502", "七星关区"), ("520521", "大方县"), ("520523", "金沙县"), ("520524", "织金县"),
    ("520525", "纳雍县"), ("520526", "威宁彝族回族苗族自治县"), ("520527", "赫章县"),
    ("520581", "黔西市"),
    ("520602", "碧江区"), ("520603", "万山区"), ("520621", "江口县"),
    ("520622", "玉屏侗族自治县"), ("520623", "石阡县"), ("520624", "思南县"),
    ("520625", "印江土家族苗族自治县"), ("520626", "德江县"), ("520627", "沿河土家族自治县"),
    ("520628", "松桃苗族自治县"),
    ("522301", "兴义市"), ("522302", "兴仁市"), ("522323", "普安县"), ("522324", "晴隆县"),
    ("522325", "贞丰县"), ("522326", "望谟县"), ("522327", "册亨县"), ("522328", "安龙县"),
    ("522601", "凯里市"), ("522622", "黄平县"), ("522623", "施秉县"), ("522624", "三穗县"),
    ("522625", "镇远县"), ("522626", "岑巩县"), ("522627", "天柱县"), ("522628", "锦屏县"),
    ("522629", "剑河县"), ("522630", "台江县"), ("522631", "黎平县"), ("522632", "榕江县"),
    ("522633", "从江县"), ("522634", "雷山县"), ("522635", "麻江县"), ("522636", "丹寨县"),
    ("522701", "都匀市"), ("522702", "福泉市"), ("522722", "荔波县"), ("522723", "贵定县"),
    ("522725", "瓮安县"), ("522726", "独山县"), ("522727", "平塘县"), ("522728", "罗甸县"),
    ("522729", "长顺县"), ("522730", "龙里县"), ("522731", "惠水县"), ("522732", "三都水族自治县"),
)
_COUNTY_NAMES = dict(GUIZHOU_COUNTIES)
PROVINCE_TOWNSHIPS = 1_500
PROVINCE_VILLAGES = 16_000
PROVINCE_PERSONS = 500_000


def _short_name(name: str) -> str:
    """织金县 → 织金, 道真仡佬族苗族自治县 → 道真, 观山湖区 → 观山湖, 六枝特区 → 六枝."""
    if "族" in name:
        return name[:2]
    for suffix in ("特区", "县", "市", "区"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# Surnames weighted for Guizhou (common national ones plus 龙 熊 安 陆 禄 韦 蒙 …); a few
# polyphonic ones (曾 单 覃 解 仇) so the search keys meet them.
_SURNAMES = (
    ("王", 60), ("张", 52), ("李", 50), ("刘", 34), ("陈", 38), ("杨", 48), ("罗", 36),
    ("周", 26), ("吴", 28), ("黄", 26), ("龙", 22), ("熊", 20), ("安", 16), ("陆", 14),
    ("赵", 18), ("徐", 10), ("孙", 8), ("胡", 14), ("朱", 12), ("高", 10), ("何", 12),
    ("郭", 8), ("马", 10), ("梁", 6), ("宋", 8), ("郑", 6), ("谢", 10), ("韩", 6), ("唐", 8),
    ("冯", 6), ("邓", 10), ("曹", 6), ("袁", 8), ("许", 6), ("彭", 8), ("吕", 4), ("苏", 6),
    ("卢", 6), ("蒋", 6), ("蔡", 8), ("丁", 6), ("魏", 4), ("余", 8), ("潘", 6), ("杜", 4),
    ("夏", 4), ("钟", 4), ("汪", 4), ("田", 8), ("任", 4), ("范", 4), ("石", 8), ("姚", 4),
    ("谭", 4), ("廖", 4), ("邹", 4), ("金", 4), ("孔", 2), ("肖", 8), ("史", 4), ("顾", 4),
    ("邵", 2), ("雷", 6), ("万", 4), ("段", 4), ("尹", 4), ("易", 4), ("文", 4), ("韦", 8),
    ("蒙", 4), ("禄", 4), ("卯", 2), ("管", 3), ("陶", 4), ("施", 3), ("尚", 2), ("喻", 3),
    ("聂", 3), ("付", 4), ("骆", 2), ("敖", 3), ("岑", 2), ("滕", 2), ("穆", 2), ("钱", 2),
    ("曾", 4), ("单", 1), ("覃", 2), ("解", 1), ("仇", 1),
)
_SURNAME_LIST = [s for s, _ in _SURNAMES]
_SURNAME_CUM = []
_acc = 0
for _s, _w in _SURNAMES:
    _acc += _w
    _SURNAME_CUM.append(_acc)
del _acc, _s, _w

_MALE_CHARS = (
    "国建明军伟勇强平华林志文兴德成龙海福贵富祥发学光金荣昌洪正开永忠宏云飞鹏波涛超俊杰斌刚"
    "磊峰浩宇江松庆顺泽坤亮辉贤良才礼义仁智信武继承先家友方东万培元朝廷宗世昭"
)
_FEMALE_CHARS = (
    "芳敏丽英梅兰琴霞燕秀红艳玲娟萍静婷雪莉芬琳丹倩慧佳颖琼珍凤娥翠菊花桂香春月美云蓉" "露晶巧媛"
)

_VILLAGE_FIRST = (
    "青白大小新红石龙沙马黄高上下中前后杨兴平水河金银松柏桃李花田坪岩茶凤鸡牛羊猫官营场"
    "关冲东西南北长双三五六八团草竹麻"
)
_VILLAGE_SECOND = "山马寨坝坡田河岩林沟塘营关冲桥屯堡湾洞箐坪井园溪院庄场湖"
_VILLAGE_MODERN = (
    "新华", "前进", "五星", "红星", "光明", "和平", "团结", "胜利", "建设", "民主", "联合",
    "幸福", "星光", "红旗", "先锋", "东风", "新民", "兴隆", "丰收", "长征", "联盟", "新农",
)
_COMMUNITY_NAMES = (
    "文化", "建设", "东关", "西街", "南街", "北门", "新华", "和平", "民主", "光明", "人民",
    "金桥", "丰收", "新城", "锦绣", "阳光", "翠园", "平远", "龙井", "紫薇", "兴隆", "幸福",
    "锦江", "凤凰", "玉屏", "花园", "奢香", "官田", "东门", "西门", "南门", "迎宾", "湖滨",
    "桂花", "荷花", "桃源", "安居", "宜居", "惠民", "同心", "振兴", "富民", "康宁", "群益",
)
_TOWNSHIP_CORES = tuple(a + b for a in "青白大小新红石龙沙马黄高上中前后兴平金松桃花田茶凤牛羊猫官"
                        for b in "山场坝坡田河岩林塘营关冲桥屯堡湾寨溪")

_ETHNICITY = (("01", 660), ("06", 170), ("07", 80), ("09", 60), ("37", 10), ("03", 10),
              ("12", 5), ("15", 5))

_EDUCATION = {
    "cadre": (("71", 25), ("61", 25), ("41", 10), ("31", 30), ("21", 10)),
    "old": (("81", 15), ("71", 45), ("61", 25), ("41", 5), ("31", 10)),
    "reserve": (("71", 5), ("61", 15), ("41", 10), ("31", 40), ("21", 30)),
    "unit": (("21", 70), ("31", 15), ("14", 10), ("41", 5)),
    "filler": (("81", 10), ("71", 45), ("61", 25), ("31", 12), ("21", 8)),
}
_POLITICS = {
    "secretary": (("01", 100),),
    "cadre": (("01", 70), ("02", 5), ("03", 3), ("13", 22)),
    "old": (("01", 60), ("13", 40)),
    "reserve": (("01", 35), ("02", 10), ("03", 20), ("13", 35)),
    "unit": (("01", 90), ("02", 3), ("03", 3), ("13", 4)),
    "filler": (("01", 25), ("02", 2), ("03", 10), ("13", 63)),
}
_PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185", "186", "187",
    "188", "189", "191", "193", "195", "198", "199",
)

_SOURCES = (("rural_talent", 34), ("returned_graduate", 20), ("young_entrepreneur", 18),
            ("veteran", 15), ("retired_cadre", 8), ("other", 5))
_NOMINATIONS = (("organization", 35), ("members", 25), ("masses", 25), ("self", 12),
                ("other", 3))
_ASSESSMENTS = (("excellent", 20), ("competent", 65), ("basic", 12), ("incompetent", 3))
_TRIAL_POSTS = ("书记助理", "书记助理", "书记助理", "主任助理", "村务监督委员会委员（试岗）",
                "网格员")
_MENTOR_TITLES = ("{p}党委委员", "{p}党委副书记", "{p}人大主席", "{p}组织委员", "包村领导",
                  "村党组织书记")
_EXIT_REASONS = (
    ("moved", "外出务工，本人申请退出"),
    ("moved", "户籍迁出本村"),
    ("unsuitable", "考察不合格，经乡镇党委研究退出"),
    ("unsuitable", "年度考核不称职，调出后备库"),
    ("other", "因身体原因申请退出"),
)
_UNITS = (
    "县纪委县监委", "县委办", "县政府办", "县委组织部", "县委宣传部", "县委统战部", "县委政法委",
    "县发展改革局", "县教育局", "县科技局", "县工业和信息化局", "县公安局", "县民政局",
    "县司法局", "县财政局", "县人力资源社会保障局", "县自然资源局", "县住房城乡建设局",
    "县交通运输局", "县水务局", "县农业农村局", "县林业局", "县商务局", "县文体广电旅游局",
    "县卫生健康局", "县退役军人事务局", "县应急管理局", "县审计局", "县市场监管局",
    "县统计局", "县医疗保障局", "县乡村振兴局", "县供销社", "县总工会", "县妇联",
    "县人民法院", "县人民检察院", "县税务局", "县农村信用合作联社",
)
_UNIT_POSTS = ("科员", "一级科员", "四级主任科员", "三级主任科员", "二级主任科员", "股长",
               "副主任", "副局长", "办公室主任", "专业技术人员")
_VISIT_MATTERS = (
    ("反映通组路破损，雨天出行不便", "已协调乡镇交通站维修"),
    ("咨询城乡居民医疗保险缴费", "已现场解答政策"),
    ("申请农村危房改造", "已报乡镇住建部门审核"),
    ("反映饮水管道老化漏水", "已联系水务站排查维修"),
    ("咨询产业发展补贴政策", "已现场解答政策"),
    ("反映邻里土地界址纠纷", "已组织调解，双方达成一致"),
    ("反映低保认定问题", "已报乡镇民政办复核"),
    ("咨询外出务工就业信息", "已协调就业服务站推送岗位"),
    ("反映组内路灯损坏", "已记录，持续跟踪"),
    ("咨询子女教育资助政策", "已对接县教育局资助中心"),
    ("走访脱贫监测户，了解收入情况", "已更新监测台账"),
    ("反映耕地灌溉缺水", None),
)
_RESERVE_REASONS = {
    ("talent", "reserve"): "经村党组织推荐、乡镇党委考察，纳入村级后备干部",
    ("reserve", "cadre"): "村（社区）“两委”换届选举当选",
    ("cadre", "secretary"): "经选举担任村党组织书记",
    ("reserve", "secretary"): "经选举担任村党组织书记",
}


def _cumulative(pairs) -> tuple[list, list[int]]:
    values, cum, acc = [], [], 0
    for v, w in pairs:
        acc += w
        values.append(v)
        cum.append(acc)
    return values, cum


_ETHNICITY_TABLE = _cumulative(_ETHNICITY)
_EDUCATION_TABLES = {k: _cumulative(v) for k, v in _EDUCATION.items()}
_POLITICS_TABLES = {k: _cumulative(v) for k, v in _POLITICS.items()}
_SOURCE_TABLE = _cumulative(_SOURCES)
_NOMINATION_TABLE = _cumulative(_NOMINATIONS)
_ASSESSMENT_TABLE = _cumulative(_ASSESSMENTS)


def _iso(d: Optional[date]) -> Optional[str]:
    return None if d is None else d.isoformat()


def _split(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder), each at least minimum."""
    n = len(weights)
    spare = total - minimum * n
    if spare < 0:
        raise ValueError("total too small for the minimum")
    s = sum(weights)
    raw = [spare * w / s for w in weights]
    out = [int(r) for r in raw]
    order = sorted(range(n), key=lambda i: (out[i] - raw[i], i))
    for i in order[: spare - sum(out)]:
        out[i] += 1
    return [o + minimum for o in out]


# --- Plan --------------------------------------------------------------------------------------


@dataclass
class _Village:
    id: str
    code: str
    name: str
    community: bool
    township: "_Township"
    needs_fs: bool = False


@dataclass
class _Township:
    id: str
    code: str
    name: str
    kind: str
    villages: list[_Village] = field(default_factory=list)

    @property
    def party_body(self) -> str:
        if self.kind == "subdistrict":
            return self.name + "党工委"
        return self.name + "党委"


@dataclass
class _CountyPlan:
    code: str
    name: str
    townships: list[tuple[str, int]]  # (name, villages)
    persons: int
    reserve: int
    trainees: int
    one_shoulder: int
    cert_prefix: str = ""


def _kind_of(township_name: str) -> str:
    if township_name.endswith("街道"):
        return "subdistrict"
    if township_name.endswith("镇"):
        return "town"
    return "township"


def _plan_county(rng: random.Random) -> list[_CountyPlan]:
    base = {"subdistrict": 10.0, "town": 22.0, "township": 13.0}
    weights = [base[_kind_of(t)] * rng.uniform(0.75, 1.25) for t in ZHIJIN_TOWNSHIPS]
    counts = _split(ZHIJIN_VILLAGES, weights, minimum=5)
    return [
        _CountyPlan(
            ZHIJIN_CODE, ZHIJIN_NAME, list(zip(ZHIJIN_TOWNSHIPS, counts)), ZHIJIN_PERSONS,
            ZHIJIN_RESERVE, ZHIJIN_TRAINEES, ZHIJIN_ONE_SHOULDER, "织培",
        )
    ]


def _plan_province(rng: random.Random) -> list[_CountyPlan]:
    zhijin = _plan_county(rng)[0]
    others = [(c, n) for c, n in GUIZHOU_COUNTIES if c != ZHIJIN_CODE]
    t_counts = _split(PROVINCE_TOWNSHIPS - len(ZHIJIN_TOWNSHIPS),
                      [rng.uniform(0.6, 1.4) for _ in others], minimum=6)
    v_total = PROVINCE_VILLAGES - ZHIJIN_VILLAGES
    v_counts = _split(v_total, [t * rng.uniform(0.8, 1.2) for t in t_counts], minimum=40)
    plans: list[_CountyPlan] = []
    first_chars: dict[str, int] = {}
    for _, name in GUIZHOU_COUNTIES:
        first_chars[name[0]] = first_chars.get(name[0], 0) + 1
    it = iter(zip(others, t_counts, v_counts))
    for code, name in GUIZHOU_COUNTIES:
        short = _short_name(name)
        prefix = (name[0] if first_chars[name[0]] == 1 else short) + "培"
        if code == ZHIJIN_CODE:
            zhijin.trainees = ZHIJIN_TRAINEES // 2
            zhijin.cert_prefix = prefix
            plans.append(zhijin)
            continue
        (_, _), nt, nv = next(it)
        cores = rng.sample(_TOWNSHIP_CORES, nt)
        names = []
        for i, core in enumerate(cores):
            r = rng.random()
            if i < max(1, nt // 8):
                names.append(core + "街道")
            elif r < 0.65:
                names.append(core + "镇")
            else:
                names.append(core + "乡")
        tw = [{"subdistrict": 9.0, "town": 20.0, "township": 12.0}[_kind_of(t)]
              * rng.uniform(0.75, 1.25) for t in names]
        counts = _split(nv, tw, minimum=3)
        plans.append(
            _CountyPlan(
                code, name, list(zip(names, counts)), 0,
                round(nv * ZHIJIN_RESERVE / ZHIJIN_VILLAGES),
                round(nv * ZHIJIN_TRAINEES / ZHIJIN_VILLAGES / 2),
                round(nv * ZHIJIN_ONE_SHOULDER / ZHIJIN_VILLAGES), prefix,
            )
        )
    persons = _split(PROVINCE_PERSONS, [sum(n for _, n in p.townships) for p in plans])
    for p, n in zip(plans, persons):
        p.persons = n
    return plans


# --- The builder ---------------------------------------------------------------------------------


class _Builder:
    def __init__(self, sink: _Sink, seed: int, today: date, province: bool) -> None:
        self.sink = sink
        self.rng = random.Random(seed)
        self.seed = seed
        self.new_id = _Ids(seed)
        self.today = today
        self.province = province
        self.used_seq: dict[tuple[str, int], set[int]] = {}
        self.county_shorts = [_short_name(n) for _, n in GUIZHOU_COUNTIES]
        self.county_codes = [c for c, _ in GUIZHOU_COUNTIES]
        self.one_shoulder = 0
        self.villages_fs = 0
        self.dispatches_on_post = 0
        self.fs_on_post = 0
        self.trainees = 0
        # Rotation batches (轮换批次): every two years in June since 2019, up to today.
        self.batches: list[tuple[str, date]] = []
        year = 2019
        while date(year, 6, 20) <= today:
            bid = self.new_id()
            bdate = date(year, 6, 20)
            self.batches.append((bid, bdate))
            note = "换届后首批选派" if year == 2021 else None
            sink.rows["rotation_batch"].append((bid, f"{year}年6月轮换", _iso(bdate), note))
            year += 2

    # -- small helpers --

    def pick(self, table: tuple[list, list[int]]):
        values, cum = table
        r = self.rng.random() * cum[-1]
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] > r:
                hi = mid
            else:
                lo = mid + 1
        return values[lo]

    def day_between(self, a: date, b: date) -> date:
        if b <= a:
            return a
        return date.fromordinal(self.rng.randint(a.toordinal(), b.toordinal()))

    def name(self, male: bool) -> str:
        rng = self.rng
        r = rng.random() * _SURNAME_CUM[-1]
        lo, hi = 0, len(_SURNAME_CUM) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if _SURNAME_CUM[mid] > r:
                hi = mid
            else:
                lo = mid + 1
        pool = _MALE_CHARS if male else _FEMALE_CHARS
        if rng.random() < 0.72:
            return _SURNAME_LIST[lo] + rng.choice(pool) + rng.choice(pool)
        return _SURNAME_LIST[lo] + rng.choice(pool)

    def person(
        self,
        county: _CountyPlan,
        village: Optional[_Village],
        *,
        male_rate: float,
        born: tuple[int, int],
        education: str,
        politics: str,
        region6: Optional[str] = None,
        native: Optional[str] = None,
        work_start: bool = False,
        notes: Optional[str] = None,
    ) -> str:
        rng = self.rng
        male = rng.random() < male_rate
        name = self.name(male)
        pinyin, initials = name_search_keys(name)
        birth = date.fromordinal(
            rng.randint(date(born[0], 1, 1).toordinal(), date(born[1], 12, 31).toordinal())
        )
        region6 = region6 or county.code
        key = (region6, birth.toordinal())
        used = self.used_seq.get(key)
        if used is None:
            used = self.used_seq[key] = set()
        seq = rng.randrange(1, 999, 2) if male else rng.randrange(2, 999, 2)
        while seq in used:
            seq = seq + 2 if seq + 2 <= 999 else (1 if male else 2)
        used.add(seq)
        id_number = make_id_number(region6, birth, seq)
        if native is None:
            if rng.random() < 0.92:
                native = "贵州" + _short_name(county.name)
            else:
                native = "贵州" + rng.choice(self.county_shorts)
        phone = rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
        edu = self.pick(_EDUCATION_TABLES[education])
        inservice = None
        if education in ("cadre", "unit") and rng.random() < 0.2:
            inservice = "21" if edu in ("31", "21") else "31"
        pol = self.pick(_POLITICS_TABLES[politics])
        join = None
        adult = date(birth.year + 18, birth.month, min(birth.day, 28))
        if pol == "01":
            join = self.day_between(adult, date(min(birth.year + 40, 2023), 7, 1))
            if join < adult or join >= self.today:
                pol, join = "13", None
        elif pol == "02":
            join = self.today - timedelta(days=rng.randint(30, 330))
            if join < adult:
                pol, join = "03", None
        work = None
        if work_start:
            work = self.day_between(date(birth.year + 20, 7, 1), date(birth.year + 25, 9, 1))
            if work > self.today:
                work = None
        pid = self.new_id()
        self.sink.rows["person"].append((
            pid, name, pinyin, initials, "1" if male else "2", self.pick(_ETHNICITY_TABLE),
            birth.isoformat(), native, id_number, phone, edu, inservice, pol, _iso(join),
            _iso(work), village.id if village else None, notes,
        ))
        return pid

    # -- regions --

    def regions(self, county: _CountyPlan) -> list[_Township]:
        rng = self.rng
        county_id = self.new_id()
        rows = self.sink.rows["region"]
        rows.append((county_id, county.code, county.name, "county", None, None, 0))
        required: dict[str, list[str]] = {}
        if county.code == ZHIJIN_CODE:
            for t, v in ZHIJIN_PLACES:
                required.setdefault(t, []).append(v)
        townships: list[_Township] = []
        for i, (tname, nv) in enumerate(county.townships, start=1):
            kind = _kind_of(tname)
            t = _Township(self.new_id(), f"{county.code}{i:03d}", tname, kind)
            rows.append((t.id, t.code, tname, "township", kind, county_id, 0))
            names = list(required.get(tname, ()))[:nv]
            taken = set(names)
            if kind == "subdistrict":
                n_comm = max(sum(n.endswith("社区") for n in names), round(nv * 0.75))
            elif kind == "town":
                n_comm = 1 + (rng.random() < 0.4)
            else:
                n_comm = int(rng.random() < 0.5)
            n_comm = min(n_comm, nv)
            core = tname.replace("街道", "").rstrip("镇乡")
            for e in ("苗族", "彝族", "布依族"):
                core = core.replace(e, "")
            while sum(n.endswith("社区") for n in names) < n_comm:
                if kind != "subdistrict" and (core + "社区") not in taken:
                    cand = core + "社区"
                else:
                    cand = rng.choice(_COMMUNITY_NAMES) + "社区"
                if cand not in taken:
                    taken.add(cand)
                    names.append(cand)
            while len(names) < nv:
                r = rng.random()
                if r < 0.12:
                    cand = rng.choice(_VILLAGE_MODERN) + "村"
                elif r < 0.22:
                    cand = rng.choice(_VILLAGE_FIRST) + rng.choice(_VILLAGE_SECOND) + "子村"
                else:
                    cand = rng.choice(_VILLAGE_FIRST) + rng.choice(_VILLAGE_SECOND) + "村"
                if cand not in taken:
                    taken.add(cand)
                    names.append(cand)
            # Communities first (codes 001…), then villages (201…), as GB/T 10114 numbers them.
            communities = sorted((n for n in names if n.endswith("社区")), key=names.index)
            villages = [n for n in names if not n.endswith("社区")]
            for j, vname in enumerate(communities, start=1):
                t.villages.append(_Village(self.new_id(), f"{t.code}{j:03d}", vname, True, t))
            for j, vname in enumerate(villages, start=201):
                t.villages.append(_Village(self.new_id(), f"{t.code}{j:03d}", vname, False, t))
            townships.append(t)
        all_villages = [v for t in townships for v in t.villages]
        # About a third need a resident first secretary (重点村), rural villages mostly.
        n_fs = round(len(all_villages) / 3)
        rural = [v for v in all_villages if not v.community]
        urban = [v for v in all_villages if v.community]
        n_urban = min(len(urban), n_fs // 12)
        for v in rng.sample(rural, min(len(rural), n_fs - n_urban)) + rng.sample(urban, n_urban):
            v.needs_fs = True
        self.villages_fs += sum(v.needs_fs for v in all_villages)
        for v in all_villages:
            rows.append((v.id, v.code, v.name, "village",
                         "community" if v.community else "village", v.township.id,
                         1 if v.needs_fs else 0))
        return townships

    # -- village posts over three terms --

    def posts(self, county: _CountyPlan, townships: list[_Township]) -> dict:
        rng = self.rng
        today = self.today
        rows = self.sink.rows["village_post"]
        new_id = self.new_id
        pools: dict[str, list] = {
            "prev_secretaries": [], "prev_cadres": [], "cur_secretaries": [],
            "cur_new_cadres": [], "cur_all": [],
        }
        holders: dict[str, list[str]] = {}  # village id -> current non-secretary holders
        secretaries: dict[str, str] = {}
        all_villages = [v for t in townships for v in t.villages]
        one_shoulder = set(v.id for v in rng.sample(all_villages, county.one_shoulder))
        self.one_shoulder += len(one_shoulder)
        latest_by = today - timedelta(days=45)

        def post(pid, v, kind, start, end, origin, notes=None):
            rows.append((new_id(), pid, v.id, kind, start.isoformat(), _iso(end), origin, notes))

        for t in townships:
            party = self.day_between(date(2021, 3, 20), date(2021, 5, 10))
            committee = party + timedelta(days=rng.randint(14, 35))
            party0 = self.day_between(date(2016, 12, 1), date(2017, 1, 15))
            committee0 = party0 + timedelta(days=rng.randint(20, 60))
            for v in t.villages:
                def cadre(profile="cadre", male_rate=0.7, born=(1965, 1992), pol="cadre"):
                    return self.person(county, v, male_rate=male_rate, born=born,
                                       education=profile, politics=pol)

                is_one = v.id in one_shoulder
                s = cadre(male_rate=0.86, born=(1962, 1990), pol="secretary")
                d = s if is_one else cadre(male_rate=0.8)
                by_election = rng.random() < 0.05 and latest_by > date(2022, 3, 1)
                prev_in_term: list[str] = []
                if by_election:
                    b = self.day_between(date(2022, 3, 1), latest_by)
                    s1 = cadre(male_rate=0.85, born=(1958, 1985), pol="secretary")
                    post(s1, v, "secretary", party, b - timedelta(days=1), "election")
                    post(s, v, "secretary", b, None, "appointment", "乡镇党委任命")
                    prev_in_term.append(s1)
                    if is_one:
                        d1 = s1 if rng.random() < 0.5 else cadre(male_rate=0.8)
                        post(d1, v, "director", committee, b - timedelta(days=1), "election")
                        post(d, v, "director", b + timedelta(days=rng.randint(0, 20)), None,
                             "by_election")
                        if d1 != s1:
                            prev_in_term.append(d1)
                    else:
                        post(d, v, "director", committee, None, "election")
                else:
                    post(s, v, "secretary", party, None, "election")
                    post(d, v, "director", committee, None, "election")
                secretaries[v.id] = s
                others: list[str] = [] if is_one else [d]
                if not is_one and rng.random() < 0.5:
                    post(d, v, "deputy_secretary", party, None, "election")
                elif rng.random() < 0.4:
                    ds = cadre()
                    post(ds, v, "deputy_secretary", party, None, "election")
                    others.append(ds)
                pcs = [cadre() for _ in range(2)]
                for pc in pcs:
                    post(pc, v, "party_committee", party, None, "election")
                others.extend(pcs)
                if rng.random() < 0.4:
                    dd = cadre()
                    post(dd, v, "deputy_director", committee, None, "election")
                    others.append(dd)
                n_cm = rng.randint(2, 3)
                members = [cadre(male_rate=0.0)]  # a woman on every committee (妇女委员)
                members += [pcs[i] if rng.random() < 0.5 else cadre() for i in range(n_cm - 1)]
                for m in members:
                    post(m, v, "committee_member", committee, None, "election")
                    if m not in others:
                        others.append(m)
                sv = cadre(born=(1960, 1985))
                post(sv, v, "supervision_director", committee, None, "election")
                others.append(sv)
                holders[v.id] = others

                # Previous term (2016/2017–2021): some re-elected, the rest new names.
                old = dict(profile="old", born=(1955, 1982), pol="old")
                s0 = s if (rng.random() < 0.55 and not by_election) else cadre(
                    male_rate=0.9, born=(1955, 1982), pol="secretary")
                if rng.random() < 0.15:
                    d0 = s0
                elif rng.random() < 0.45 and not is_one:
                    d0 = d
                else:
                    d0 = cadre(male_rate=0.85, **old)
                post(s0, v, "secretary", party0, party - timedelta(days=1), "election")
                post(d0, v, "director", committee0, committee - timedelta(days=1), "election")
                prev = [s0] + ([d0] if d0 != s0 else [])
                for _ in range(2):
                    m0 = rng.choice(others) if rng.random() < 0.35 else cadre(**old)
                    post(m0, v, "committee_member", committee0, committee - timedelta(days=1),
                         "election")
                    prev.append(m0)
                sv0 = cadre(**old)
                post(sv0, v, "supervision_director", committee0, committee - timedelta(days=1),
                     "election")
                prev.append(sv0)
                # The term before (2014–2017): secretary and director only, for history.
                p_2014 = party0 - timedelta(days=rng.randint(960, 1130))
                s_2014 = s0 if rng.random() < 0.5 else cadre(male_rate=0.9, born=(1950, 1975),
                                                             profile="old", pol="secretary")
                post(s_2014, v, "secretary", p_2014, party0 - timedelta(days=1), "election")
                d_2014 = cadre(male_rate=0.9, **{**old, "born": (1950, 1975)})
                post(d_2014, v, "director", p_2014 + timedelta(days=30),
                     committee0 - timedelta(days=1), "election")

                pools["prev_secretaries"].append(s0)
                pools["prev_cadres"].extend(prev + prev_in_term)
                pools["cur_secretaries"].append(s)
                current = [s] + others
                pools["cur_all"].extend(current)
                prev_set = set(prev)
                pools["cur_new_cadres"].extend(p for p in current if p not in prev_set)
        pools["holders"] = holders
        pools["secretaries"] = secretaries
        pools["one_shoulder"] = one_shoulder
        return pools

    # -- one-shoulder plans (一肩挑推进计划) for some villages that are not one-shoulder --

    def shoulder_plans(self, townships: list[_Township], pools: dict) -> None:
        """A plan for about half of the villages that are not one-shoulder, with a candidate from
        the village's reserve pool when it has one. Its own random stream: the rest of the demo
        is the same with or without plans."""
        rng = random.Random(f"vcadre-demo-shoulder:{self.seed}:{townships[0].code if townships else ''}")
        candidates: dict[str, str] = {}
        for row in self.sink.rows["reserve_entry"]:
            # (id, person, village, source, nomination, stage, status, …)
            if row[5] in ("reserve", "cadre") and row[6] in ("active", "inspecting", "used"):
                candidates.setdefault(row[2], row[1])
        for t in townships:
            for v in t.villages:
                if v.id in pools["one_shoulder"] or rng.random() < 0.5:
                    continue
                reason, plan = rng.choice(_SHOULDER_PLANS)
                target = rng.choice((date(2026, 12, 31), date(2027, 6, 30), date(2026, 9, 30)))
                self.sink.rows["one_shoulder_plan"].append(
                    (self.new_id(), v.id, reason, plan, target.isoformat(), candidates.get(v.id), None))

    # -- reserve pool --

    def reserve(self, county: _CountyPlan, townships: list[_Township], pools: dict) -> list:
        rng = self.rng
        today = self.today
        sink = self.sink
        new_id = self.new_id
        villages = [v for t in townships for v in t.villages]
        counts = _split(county.reserve, [rng.uniform(0.5, 1.5) for _ in villages], minimum=2)
        holders: dict[str, list[str]] = pools["holders"]
        secretaries: dict[str, str] = pools["secretaries"]
        reserve_people: list[tuple[str, date]] = []
        last_entry = today - timedelta(days=30)
        for v, n in zip(villages, counts):
            spare_holders = list(holders[v.id])
            rng.shuffle(spare_holders)
            secretary_used = False
            for _ in range(n):
                r = rng.random()
                stage = ("talent" if r < 0.36 else "reserve" if r < 0.75 else
                         "cadre" if r < 0.93 else "secretary")
                if stage == "secretary" and secretary_used:
                    stage = "cadre"
                if stage == "cadre" and not spare_holders:
                    stage = "reserve"
                source = self.pick(_SOURCE_TABLE)
                born = {"veteran": (1975, 1998), "retired_cadre": (1958, 1966),
                        "returned_graduate": (1992, 2003)}.get(source, (1978, 2000))
                moves: list[tuple[date, str, str, str, str, str]] = []
                if stage in ("cadre", "secretary"):
                    if stage == "secretary":
                        pid = secretaries[v.id]
                        secretary_used = True
                        took = date(2021, 4, 1)
                    else:
                        pid = spare_holders.pop()
                        took = date(2021, 5, 1)
                    entry = self.day_between(date(2018, 3, 1), date(2020, 10, 31))
                    first = "talent" if rng.random() < 0.4 else "reserve"
                    moves.append((entry, None, first, None, "active", "经推荐纳入人才库"))
                    when = entry
                    if first == "talent":
                        when = self.day_between(entry + timedelta(days=90), date(2020, 12, 31))
                        moves.append((when, "talent", "reserve", "active", "active",
                                      _RESERVE_REASONS[("talent", "reserve")]))
                    if stage == "secretary" and rng.random() < 0.3:
                        moves.append((took, "reserve", "secretary", "active", "used",
                                      _RESERVE_REASONS[("reserve", "secretary")]))
                    else:
                        used = rng.random() < 0.8 or stage == "secretary"
                        moves.append((took, "reserve", "cadre", "active",
                                      "used" if used else "active",
                                      _RESERVE_REASONS[("reserve", "cadre")]))
                        if stage == "secretary":
                            moves.append((took + timedelta(days=rng.randint(0, 3)), "cadre",
                                          "secretary", "used", "used",
                                          _RESERVE_REASONS[("cadre", "secretary")]))
                else:
                    pid = self.person(county, v, male_rate=0.6, born=born, education="reserve",
                                      politics="reserve")
                    entry = self.day_between(date(2018, 1, 1), last_entry)
                    first = "talent" if stage == "talent" or rng.random() < 0.55 else "reserve"
                    moves.append((entry, None, first, None, "active",
                                  "村党组织推荐，乡镇党委审核纳入"))
                    if first != stage:
                        when = self.day_between(entry + timedelta(days=60), last_entry)
                        moves.append((when, "talent", "reserve", "active", "active",
                                      _RESERVE_REASONS[("talent", "reserve")]))
                status = moves[-1][4]
                exit_date = exit_reason = None
                if stage in ("talent", "reserve"):
                    r = rng.random()
                    last = moves[-1][0]
                    if r < 0.06 and last < last_entry - timedelta(days=60):
                        exit_date = self.day_between(last + timedelta(days=30), last_entry)
                        exit_reason, why = rng.choice(_EXIT_REASONS)
                        moves.append((exit_date, stage, stage, "active", "exited", why))
                        status = "exited"
                    elif r < 0.14 and stage == "reserve":
                        when = self.day_between(last + timedelta(days=30), today)
                        moves.append((when, stage, stage, "active", "inspecting",
                                      "乡镇党委启动考察程序"))
                        status = "inspecting"
                if status == "used":
                    exit_reason = "used"
                eid = new_id()
                township = v.township.name
                mentor = None
                if rng.random() < 0.7:
                    title = rng.choice(_MENTOR_TITLES).format(p=township)
                    mentor = f"{self.name(rng.random() < 0.75)}（{title}）"
                trial = None
                if stage in ("talent", "reserve") and status == "active" and rng.random() < 0.12:
                    trial = rng.choice(_TRIAL_POSTS)
                sink.rows["reserve_entry"].append((
                    eid, pid, v.id, source, self.pick(_NOMINATION_TABLE), stage, status,
                    moves[0][0].isoformat(), _iso(exit_date), exit_reason, mentor, trial, None,
                ))
                for when, fs, ts, fst, tst, why in moves:
                    sink.rows["stage_change"].append((
                        new_id(), eid, when.isoformat(), fs, ts, fst, tst, why))
                reserve_people.append((pid, entry))
                # Yearly assessments (年度考核) from 2021 (or entry) to last year; some entries
                # are not yet reviewed for the latest year, a few never were.
                if rng.random() < 0.06:
                    continue
                y0 = max(2021, entry.year + (entry.month > 9))
                y1 = today.year - 1
                if exit_date is not None:
                    y1 = min(y1, exit_date.year - 1)
                if rng.random() < 0.15:
                    y1 -= 1
                for year in range(y0, y1 + 1):
                    sink.rows["assessment"].append(
                        (new_id(), eid, year, self.pick(_ASSESSMENT_TABLE), None))
        return reserve_people

    # -- dispatch (驻村) --

    def dispatch(self, county: _CountyPlan, townships: list[_Township]) -> dict[int, list[str]]:
        rng = self.rng
        today = self.today
        sink = self.sink
        new_id = self.new_id
        villages = [v for t in townships for v in t.villages]
        units = _UNITS
        if self.province:
            units = tuple(county.name + u[1:] for u in _UNITS)
        people_by_batch: dict[int, list[str]] = {}
        veterans: list[str] = []  # cadres who may be sent again in a later batch
        rotated: dict[int, list[str]] = {}  # batch index -> its cadres who served full term
        this_month = today.replace(day=1)
        # Household visits: about one a month; sparser at province size to keep it quick.
        visit_counts = (0, 0, 0, 1, 1) if self.province else (0, 1, 1, 1, 2)

        def unit_cadre(village: _Village) -> str:
            if veterans and rng.random() < 0.12:
                return veterans.pop(rng.randrange(len(veterans)))
            local = rng.random() < 0.8
            region6 = county.code if local else rng.choice(self.county_codes)
            return self.person(county, None, male_rate=0.68, born=(1970, 1997),
                               education="unit", politics="unit", region6=region6,
                               native=None if local else "贵州" + _short_name(
                                   _COUNTY_NAMES.get(region6, county.name)),
                               work_start=True)

        def months_and_visits(did: str, start: date, end: Optional[date]) -> None:
            stop = min(end or today, today)
            m = start.replace(day=1)
            while m < this_month and m <= stop:
                nxt = (m + timedelta(days=32)).replace(day=1)
                span = (min(nxt, stop + timedelta(days=1)) - max(m, start)).days
                if span <= 0:
                    break
                days = min(span, rng.randint(20, 26))
                if span >= 25 and rng.random() < 0.03:
                    days = rng.randint(12, 19)
                sink.rows["dispatch_month"].append((new_id(), did, m.isoformat(), days))
                for _ in range(rng.choice(visit_counts)):
                    vday = max(m, start) + timedelta(days=rng.randrange(span))
                    matter, follow = rng.choice(_VISIT_MATTERS)
                    households = (f"{rng.randint(1, 12)}组 {rng.choice(_SURNAME_LIST)}某某等"
                                  f"{rng.randint(1, 8)}户")
                    sink.rows["visit"].append(
                        (new_id(), did, vday.isoformat(), households, matter, follow))
                m = nxt

        for bi, (bid, bdate) in enumerate(self.batches):
            current = bi == len(self.batches) - 1
            next_date = None if current else self.batches[bi + 1][1]
            planned = date(bdate.year + 2, bdate.month, bdate.day) - timedelta(days=1)
            batch_people: list[str] = []
            # Cadres of the batch before last may go again (not the last one: terms touch).
            veterans.extend(rotated.pop(bi - 2, []))
            for v in villages:
                roles: list[str] = []
                if v.needs_fs:
                    roles.append("first_secretary")
                    roles += ["team_member"] * rng.choice((0, 0, 1, 1, 2))
                elif rng.random() < 0.06:
                    roles += ["team_leader", "team_member"]
                for role in roles:
                    pid = unit_cadre(v)
                    start = bdate + timedelta(days=rng.randint(0, 10))
                    unit = rng.choice(units)
                    unit_post = rng.choice(_UNIT_POSTS)
                    r = rng.random()
                    early = r < 0.04 and (next_date or today) - start > timedelta(days=120)
                    if early:
                        limit = (next_date or today) - timedelta(days=60)
                        end = self.day_between(start + timedelta(days=60), limit)
                        status = "recalled" if r < 0.025 else "adjusted"
                        reason = ("因工作需要召回原单位" if status == "recalled"
                                  else "工作调整，改派其他村")
                        did = new_id()
                        sink.rows["dispatch"].append((
                            did, pid, unit, unit_post, role, v.id, bid, start.isoformat(),
                            planned.isoformat(), end.isoformat(), status, reason,
                            "已完成工作交接", None))
                        months_and_visits(did, start, end)
                        batch_people.append(pid)
                        # A replacement takes over for the rest of the term.
                        pid = unit_cadre(v)
                        start = end + timedelta(days=rng.randint(1, 20))
                        unit = rng.choice(units)
                        unit_post = rng.choice(_UNIT_POSTS)
                        if start > today:
                            continue
                    did = new_id()
                    if current:
                        row = (did, pid, unit, unit_post, role, v.id, bid, start.isoformat(),
                               planned.isoformat(), None, "on_post", None, None, None)
                        self.dispatches_on_post += 1
                        self.fs_on_post += role == "first_secretary"
                        end = None
                    else:
                        end = next_date + timedelta(days=rng.randint(0, 10))
                        row = (did, pid, unit, unit_post, role, v.id, bid, start.isoformat(),
                               planned.isoformat(), end.isoformat(), "rotated", "期满轮换",
                               "已向新任第一书记（工作队）移交驻村工作台账", None)
                        rotated.setdefault(bi, []).append(pid)
                    sink.rows["dispatch"].append(row)
                    months_and_visits(did, start, end)
                    batch_people.append(pid)
            people_by_batch[bdate.year] = batch_people
        return people_by_batch

    # -- training --

    def training(self, county: _CountyPlan, pools: dict, reserve_people: list,
                 dispatched: dict[int, list[str]]) -> None:
        rng = self.rng
        sink = self.sink
        new_id = self.new_id
        cname = county.name
        organizer = f"中共{cname}委组织部"
        school = f"{cname}委党校"
        classes = (
            # (title, kind, start, days, place, pool, weight, repeats)
            (f"2020年{cname}村（社区）党组织书记培训班", "village_cadre", date(2020, 6, 15), 5,
             school, "prev_secretaries", 0.11, 0),
            (f"2020年{cname}村（社区）“两委”干部培训班（第一期）", "village_cadre",
             date(2020, 8, 17), 4, school, "prev_cadres", 0.15, 30),
            (f"2020年{cname}村（社区）“两委”干部培训班（第二期）", "village_cadre",
             date(2020, 9, 14), 4, f"{cname}新时代文明实践中心", "prev_cadres", 0.15, 30),
            (f"2020年{cname}村级后备力量培训班", "reserve", date(2020, 11, 9), 3, school,
             "reserve", 0.12, 0),
            (f"2021年{cname}新任村（社区）“两委”成员培训班（第一期）", "village_cadre",
             date(2021, 7, 5), 5, school, "cur_new_cadres", 0.15, 40),
            (f"2021年{cname}驻村第一书记和工作队员培训班", "work_team", date(2021, 7, 12), 3,
             school, "dispatch_2021", 0.09, 0),
            (f"2021年{cname}新任村（社区）“两委”成员培训班（第二期）", "village_cadre",
             date(2021, 7, 19), 5, school, "cur_new_cadres", 0.15, 40),
            (f"2021年{cname}村（社区）党组织书记培训班", "village_cadre", date(2021, 9, 13), 5,
             "贵州省委党校", "cur_secretaries", 0.08, 90),
        )
        factor = county.trainees / ZHIJIN_TRAINEES
        quotas = _split(county.trainees, [c[6] for c in classes], minimum=1)
        pool_lists = {
            "prev_secretaries": pools["prev_secretaries"],
            "prev_cadres": pools["prev_cadres"],
            "cur_new_cadres": pools["cur_new_cadres"],
            "cur_secretaries": pools["cur_secretaries"],
            "reserve": [p for p, entry in reserve_people if entry <= date(2020, 11, 1)]
            or [p for p, _ in reserve_people],
            "dispatch_2021": dispatched.get(2021, []),
        }
        fallback = pools["cur_all"] + [p for p, _ in reserve_people]
        picked: set[str] = set()
        members: list[list[str]] = []
        for (_, _, _, _, _, pool, _, _), quota in zip(classes, quotas):
            chosen: list[str] = []
            candidates = list(dict.fromkeys(pool_lists[pool]))
            rng.shuffle(candidates)
            for source in (candidates, fallback):
                for p in source:
                    if len(chosen) >= quota:
                        break
                    if p not in picked:
                        picked.add(p)
                        chosen.append(p)
            members.append(chosen)
        # Second classes for some (re-elected secretaries, cadres in both 两委 classes).
        for k, c in enumerate(classes):
            want = round(c[7] * factor)
            if not want:
                continue
            in_class = set(members[k])
            candidates = [p for p in dict.fromkeys(pool_lists[c[5]])
                          if p in picked and p not in in_class]
            rng.shuffle(candidates)
            members[k].extend(candidates[:want])
        self.trainees += len(picked)
        year_no: dict[int, int] = {}
        for c, people in zip(classes, members):
            title, kind, start, days, place, _, _, _ = c
            year_no[start.year] = year_no.get(start.year, 0) + 1
            no = year_no[start.year]
            sid = new_id()
            hours_per_day = 8.0
            planned = hours_per_day * days
            end = start + timedelta(days=days - 1)
            sink.rows["training_session"].append((
                sid, title, kind, organizer, start.isoformat(), end.isoformat(), place, planned,
                max(len(people), 50) // 10 * 10 + 10, start.year, None, None,
            ))
            seq = 0
            day_iso = [(start + timedelta(days=i)).isoformat() for i in range(days)]
            for pid in people:
                eid = new_id()
                hours = 0.0
                att = []
                for d in day_iso:
                    r = rng.random()
                    status = "present" if r < 0.95 else "leave" if r < 0.98 else "absent"
                    h = hours_per_day if status == "present" else 0.0
                    hours += h
                    att.append((new_id(), eid, d, status, h))
                override = None
                if hours >= 0.8 * planned:
                    result = "completed"
                elif rng.random() < 0.15:
                    result, override = "completed", "因公请假，经组织部门同意补学后视为结业"
                else:
                    result = "not_completed"
                cert = None
                if result == "completed":
                    seq += 1
                    cert = f"{county.cert_prefix}〔{start.year}〕{no:03d}-{seq:04d}号"
                sink.rows["enrolment"].append(
                    (eid, sid, pid, hours, result, override, cert, 0, None))
                sink.rows["attendance"].extend(att)
                if cert:
                    sink.rows["certificate_event"].append(
                        (new_id(), eid, cert, "issued", end.isoformat(), None))
            sink.rows["certificate_series"].append((new_id(), sid, start.year, no, seq))
        # The numbers above follow this pattern: the county's certificate prefix, e.g. 织培.
        if not getattr(self, "_pattern_set", False):
            self._pattern_set = True
            sink.rows["training_setting"].append(
                (new_id(), "certificate_pattern", county.cert_prefix + "〔{year}〕{class:03d}-{seq:04d}号"))

    # -- the rest of the county's people --

    def filler(self, county: _CountyPlan, townships: list[_Township], have: int) -> None:
        rng = self.rng
        villages = [v for t in townships for v in t.villages]
        for _ in range(max(0, county.persons - have)):
            v = rng.choice(villages)
            self.person(county, v, male_rate=0.55, born=(1950, 2004), education="filler",
                        politics="filler")


def build_demo(
    db: Database,
    scale: str = "county",
    seed: int = 0,
    progress: Callable[[int, int], bool] | None = None,
    *,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty database with demo data; see the module docstring for what it makes.

    ``progress(done, total)`` is called between steps; returning ``False`` cancels: ``Cancelled``
    is raised and nothing is written (the whole build is one transaction). Raises ``DemoError``
    if the database already holds regions.
    """
    if scale not in SCALES:
        raise DemoError(f"未知的演示数据规模：“{scale}”（可选：county、province）")
    today = today or clock.today()
    if today < date(2022, 1, 1):
        raise DemoError("演示数据需要 2022 年以后的日期作为“今天”")
    started = time.perf_counter()
    summary = DemoSummary(scale=scale, seed=seed, today=today)
    plan_rng = random.Random(f"vcadre-demo-plan:{seed}")
    plans = _plan_county(plan_rng) if scale == "county" else _plan_province(plan_rng)
    steps_per_county = 5
    total = len(plans) * steps_per_county + 1
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False:
            raise Cancelled("已取消生成演示数据")

    if progress is not None and progress(0, total) is False:
        raise Cancelled("已取消生成演示数据")
    with db.session() as session, session.begin():
        if session.scalar(select(func.count()).select_from(Region)) or 0:
            raise DemoError("数据库中已有区划数据，只能在空数据库中生成演示数据。")
        site = local_site(session)
        hlc_clock = HybridClock(site.last_hlc)
        conn = session.connection()
        old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB while building
        search_index.suspend(conn)  # person search keys: one rebuild at the end, not per row
        # Plain indexes of the big child tables are built once after the inserts: one sort is
        # cheaper than keeping them current row by row (~10 s at province scale). DDL is
        # transactional in SQLite, so a cancelled build gets them back with the rollback.
        deferred = list(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN"
            " ('assessment', 'attendance', 'dispatch_month', 'visit', 'stage_change', 'village_post')"))
        for name, _sql in deferred:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        try:
            sink = _Sink(session, site.id, hlc_clock, datetime.now())
            b = _Builder(sink, seed, today, province=scale == "province")
            for plan in plans:
                before = sink.counts["person"] + len(sink.rows["person"])
                townships = b.regions(plan)
                step()
                pools = b.posts(plan, townships)
                step()
                reserve_people = b.reserve(plan, townships, pools)
                b.shoulder_plans(townships, pools)
                step()
                dispatched = b.dispatch(plan, townships)
                step()
                b.training(plan, pools, reserve_people, dispatched)
                made = sink.counts["person"] + len(sink.rows["person"]) - before
                b.filler(plan, townships, made)
                sink.flush()
                step()
            sink.flush()
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old_cache)}")
        for _name, sql in deferred:
            conn.exec_driver_sql(sql)
        search_index.resume(conn)
        site.last_hlc = hlc_clock.last
        step()
    # Fold the build's write-ahead log (tens of MB) back into the database file.
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    c = sink.counts
    summary.counties = len(plans)
    summary.townships = sum(len(p.townships) for p in plans)
    summary.villages = sum(n for p in plans for _, n in p.townships)
    summary.villages_needing_first_secretary = b.villages_fs
    summary.persons = c["person"]
    summary.village_posts = c["village_post"]
    summary.one_shoulder_villages = b.one_shoulder
    summary.reserve_entries = c["reserve_entry"]
    summary.stage_changes = c["stage_change"]
    summary.assessments = c["assessment"]
    summary.training_sessions = c["training_session"]
    summary.trainees = b.trainees
    summary.enrolments = c["enrolment"]
    summary.attendance = c["attendance"]
    summary.rotation_batches = c["rotation_batch"]
    summary.dispatches = c["dispatch"]
    summary.dispatches_on_post = b.dispatches_on_post
    summary.first_secretaries_on_post = b.fs_on_post
    summary.dispatch_months = c["dispatch_month"]
    summary.visits = c["visit"]
    summary.per_table = dict(c)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary
