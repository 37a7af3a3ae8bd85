"""Matching the township and village names written in a sheet to the regions in the database.

Names are compared by their key (``domain.normalise.village_key``/``township_key``: 青山村委会 =
青山村 = 青山), an exact name wins over a key match, a 12-digit (or 9/6-digit) code is accepted in
the village column, and “龙场镇青山村” in a village column without a township column is split at
a known township name. Unknown or ambiguous names get a message naming the candidates:
“是否为：青山村委会（龙场镇）？”.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from vcadre.domain.normalise import region_code_key, township_key, village_key
from vcadre.store.models import Region


@dataclass(frozen=True)
class Place:
    id: str
    code: str
    name: str
    parent_id: Optional[str]


class PlaceProblem(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _type(name: str) -> str:
    """村 / 社区 / '' (unsaid) from a village name's ending."""
    n = "".join(name.split())
    if n.endswith(("社区", "居委会", "居民委员会", "社区居委会")):
        return "社区"
    if n.endswith(("村", "村委会", "村民委员会", "村委")):
        return "村"
    return ""


def _same_type(typed: str, official: str) -> bool:
    """青山村 may be 青山村委会 but not 青山社区; a bare 青山 may be either."""
    a, b = _type(typed), _type(official)
    return not a or not b or a == b


class PlaceIndex:
    def __init__(self, session: Session) -> None:
        self.townships: dict[str, Place] = {}
        self.villages: dict[str, Place] = {}
        self.by_code: dict[str, Place] = {}
        self._t_key: dict[str, list[Place]] = defaultdict(list)
        self._v_key: dict[str, list[Place]] = defaultdict(list)
        for rid, code, name, level, parent in session.execute(
                select(Region.id, Region.code, Region.name, Region.level, Region.parent_id)
                .where(Region.deleted.is_(False), Region.level.in_(("township", "village")))):
            p = Place(rid, code, name, parent)
            ck = region_code_key(code)
            if ck:
                self.by_code[ck] = p
            if level == "township":
                self.townships[rid] = p
                self._t_key[township_key(name)].append(p)
            else:
                self.villages[rid] = p
                self._v_key[village_key(name)].append(p)
        self._cache: dict[tuple[str, str], tuple[Optional[str], Optional[PlaceProblem]]] = {}

    def label(self, v: Place) -> str:
        t = self.townships.get(v.parent_id or "")
        return f"{v.name}（{t.name}）" if t else v.name

    def _candidates(self, places: list[Place], limit: int = 4) -> str:
        names = "、".join(self.label(p) for p in places[:limit])
        return f"是否为：{names}？" if len(places) == 1 else f"可能是：{names}。"

    def township(self, text: str) -> list[Place]:
        exact = [p for p in self.townships.values() if p.name == text] if len(self._t_key.get(township_key(text), [])) > 1 else []
        return exact or list(self._t_key.get(township_key(text), []))

    def village_id(self, township_text: Optional[str], village_text: Optional[str]) -> str:
        """The village's id, or ``PlaceProblem`` (field ``township`` or ``village``)."""
        key = (township_text or "", village_text or "")
        hit = self._cache.get(key)
        if hit is None:
            try:
                hit = (self._find(township_text or "", village_text or ""), None)
            except PlaceProblem as exc:
                hit = (None, exc)
            self._cache[key] = hit
        if hit[1] is not None:
            raise hit[1]
        return hit[0]  # type: ignore[return-value]

    def _find(self, ttext: str, vtext: str) -> str:
        ttext, vtext = "".join(ttext.split()), "".join(vtext.split())
        if not vtext:
            raise PlaceProblem("village", "村（社区）不能为空。")
        ck = region_code_key(vtext)
        if ck:
            p = self.by_code.get(ck)
            if p is None or p.id not in self.villages:
                raise PlaceProblem("village", f"系统中没有代码为“{vtext}”的村（社区）。")
            return p.id
        towns: Optional[list[Place]] = None
        if ttext:
            towns = self.township(ttext)
            if not towns:
                similar = [p for k, ps in self._t_key.items() for p in ps
                           if township_key(ttext) in k or k in township_key(ttext)]
                hint = ("是否为：" + "、".join(p.name for p in similar[:4]) + "？") if similar else \
                    "请先导入行政区划，或检查名称。"
                raise PlaceProblem("township", f"系统中没有乡镇（街道）“{ttext}”。{hint}")
        elif vtext not in (p.name for p in self._v_key.get(village_key(vtext), [])):
            # “龙场镇青山村” in one column
            for tkey, ts in self._t_key.items():
                for t in ts:
                    for prefix in (t.name, tkey):
                        if vtext.startswith(prefix) and len(vtext) > len(prefix) and \
                                village_key(vtext[len(prefix):]) in self._v_key:
                            towns, vtext = [t], vtext[len(prefix):]
                            break
                    if towns:
                        break
                if towns:
                    break
        cands = list(self._v_key.get(village_key(vtext), []))
        town_ids = None if towns is None else {t.id for t in towns}
        inside = [p for p in cands if (town_ids is None or p.parent_id in town_ids) and _same_type(vtext, p.name)]
        if len(inside) > 1:
            exact = [p for p in inside if p.name == vtext]
            if len(exact) == 1:
                return exact[0].id
            raise PlaceProblem("village", f"“{vtext}”对应多个村（社区）：{'、'.join(self.label(p) for p in inside[:5])}。"
                               + ("请填写乡镇（街道）。" if not ttext else "请写出完整名称。"))
        if inside:
            return inside[0].id
        where = f"{ttext} " if ttext else ""
        if cands:
            raise PlaceProblem("village", f"系统中{where}没有“{vtext}”。{self._candidates(cands)}")
        k = village_key(vtext)
        similar = [p for kk, ps in self._v_key.items() if len(k) >= 2 and (k in kk or kk in k) for p in ps
                   if town_ids is None or p.parent_id in town_ids]
        hint = self._candidates(similar) if similar else "请检查名称，或先导入行政区划。"
        raise PlaceProblem("village", f"系统中没有“{where}{vtext}”这个村（社区）。{hint}")
