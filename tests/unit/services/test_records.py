"""Record services: validation that writes nothing, matching by ID number, listings in SQL."""

from __future__ import annotations

from tests.today import TEST_TODAY
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vcadre.domain.idnumber import make_id_number
from vcadre.services import dispatch, persons, posts, regions, talent, training
from vcadre.services.errors import ValidationError
from vcadre.services.listing import LISTINGS, ListQuery
from vcadre.store.models import Person, ReserveEntry, StageChange, VillagePost

TODAY = TEST_TODAY


def talent_values(village_id: str, **over):
    values = dict(name="张龙敏", gender="1", id_number=make_id_number("520524", date(1990, 3, 4), 13),
                  village_id=village_id, source="veteran", stage="reserve", status="active",
                  entry_date="2024-01-02", political_status="01")
    values.update(over)
    return values


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


def test_add_talent_creates_person_entry_and_history(db, small_county) -> None:
    with db.session() as s, s.begin():
        entry_id = talent.save(s, None, talent_values(small_county["青山村"]), today=TODAY)
    with db.session() as s:
        values = talent.get(s, entry_id)
        assert values["name"] == "张龙敏" and values["birth_date"] == date(1990, 3, 4)
        history = s.scalars(select(StageChange).where(StageChange.entry_id == entry_id)).all()
        assert [(h.to_stage, h.reason) for h in history] == [("reserve", "入库")]
        person = s.scalars(select(Person)).one()
        assert (person.name_pinyin, person.name_initials) == ("zhanglongmin", "zlm")


@pytest.mark.parametrize(
    ("over", "field", "fragment"),
    [
        ({"id_number": "520524199003040131"}, "id_number", "校验位"),
        ({"gender": "2"}, "id_number", "性别"),
        ({"birth_date": "1991-03-04"}, "id_number", "出生日期"),
        ({"name": ""}, "name", "姓名"),
        ({"source": "火星人"}, "source", "未知"),
        ({"entry_date": "2030-01-01"}, "entry_date", "晚于今天"),
        ({"phone": "12345"}, "phone", "手机"),
        ({"village_id": None}, "village_id", "不能为空"),
    ],
)
def test_bad_talent_input_is_refused_and_nothing_written(db, small_county, over, field, fragment) -> None:
    with pytest.raises(ValidationError) as err:
        with db.session() as s, s.begin():
            talent.save(s, None, {**talent_values(small_county["青山村"]), **over}, today=TODAY)
    assert any(fragment in m for m in err.value.for_field(field)), err.value.errors
    assert count(db, Person) == 0 and count(db, ReserveEntry) == 0


def test_known_id_number_reuses_the_person_but_a_different_name_is_refused(db, small_county) -> None:
    vid = small_county["青山村"]
    with db.session() as s, s.begin():
        dispatch.save(s, None, dict(name="张龙敏", gender="1", unit="县财政局", role="team_member",
                                    village_id=small_county["化垮社区"], start_date="2025-06-01",
                                    status="on_post",
                                    id_number=talent_values(vid)["id_number"]), today=TODAY)
        talent.save(s, None, talent_values(vid), today=TODAY)
    assert count(db, Person) == 1
    with pytest.raises(ValidationError, match="已登记在“张龙敏”名下"):
        with db.session() as s, s.begin():
            talent.save(s, None, talent_values(vid, name="李四"), today=TODAY)


def test_editing_stage_records_history(db, small_county) -> None:
    with db.session() as s, s.begin():
        eid = talent.save(s, None, talent_values(small_county["青山村"]), today=TODAY)
    with db.session() as s, s.begin():
        talent.save(s, eid, {**talent.get(s, eid), "stage": "cadre"}, today=TODAY)
    with db.session() as s:
        stages = s.scalars(select(StageChange.to_stage).where(StageChange.entry_id == eid)
                           .order_by(StageChange.hlc)).all()
    assert stages == ["reserve", "cadre"]


def test_delete_is_a_tombstone_and_hides_the_row(db, small_county) -> None:
    listing = LISTINGS["talent"]()
    with db.session() as s, s.begin():
        eid = talent.save(s, None, talent_values(small_county["青山村"]), today=TODAY)
    with db.session() as s, s.begin():
        talent.delete(s, eid)
    with db.session() as s:
        assert s.get(ReserveEntry, eid).deleted is True
        assert listing.count(s, ListQuery()) == 0


def test_training_class_ending_before_start_is_refused(db) -> None:
    with pytest.raises(ValidationError, match="早于开班日期"):
        with db.session() as s, s.begin():
            training.save(s, None, dict(title="班", kind="village_cadre", start_date="2021-05-05",
                                        end_date="2021-05-01", planned_hours=40))
    with db.session() as s, s.begin():
        tid = training.save(s, None, dict(title="班", kind="村干部培训班", start_date="2021-05-01",
                                          end_date="2021-05-05", planned_hours=40))
        assert training.get(s, tid)["kind"] == "village_cadre"


def test_overlapping_dispatch_of_one_person_is_refused(db, small_county) -> None:
    base = dict(name="李四", gender="2", id_number=make_id_number("520524", date(1985, 1, 1), 2),
                unit="县纪委县监委", role="first_secretary", start_date="2025-06-01", status="on_post")
    with db.session() as s, s.begin():
        did = dispatch.save(s, None, {**base, "village_id": small_county["青山村"]}, today=TODAY)
        assert dispatch.get(s, did)["planned_end"] == date(2027, 6, 1)
    with pytest.raises(ValidationError, match="时间重叠"):
        with db.session() as s, s.begin():
            dispatch.save(s, None, {**base, "village_id": small_county["石桥村"],
                                    "start_date": "2026-01-01"}, today=TODAY)


def test_two_current_secretaries_are_refused_and_one_shoulder_is_derived(db, small_county) -> None:
    vid = small_county["青山村"]
    with db.session() as s, s.begin():
        a = persons.save_person(s, None, {"name": "甲", "gender": "1"})
        b = persons.save_person(s, None, {"name": "乙", "gender": "2"})
        s.flush()
        posts.save(s, None, dict(person_id=a.id, village_id=vid, post="secretary", start_date="2021-04-01"))
        director = posts.save(s, None, dict(person_id=b.id, village_id=vid, post="director",
                                            start_date="2021-04-01"))
    with pytest.raises(ValidationError, match="已由“甲”担任"):
        with db.session() as s, s.begin():
            posts.save(s, None, dict(person_id=b.id, village_id=vid, post="secretary",
                                     start_date="2022-01-01"))
    listing = LISTINGS["posts"]()
    q = ListQuery(region_id=vid, as_of=TODAY)
    with db.session() as s:
        assert listing.page(s, q, 0, 10)[0].values[2:5] == ("甲", "乙", False)
    # The director leaves; 甲 is elected director too: the village becomes one-shoulder.
    with db.session() as s, s.begin():
        posts.save(s, director, {**posts.get(s, director), "end_date": "2023-12-31"})
        posts.save(s, None, dict(person_id=a.id, village_id=vid, post="director", start_date="2024-01-01"))
    with db.session() as s:
        row = listing.page(s, q, 0, 10)[0]
        assert row.values[2:6] == ("甲", "甲", True, date(2024, 1, 1))
        assert listing.count(s, ListQuery(filters={"one_shoulder": True}, as_of=TODAY)) == 1
        assert listing.page(s, ListQuery(region_id=vid, as_of=date(2022, 1, 1)), 0, 1)[0].values[4] is False


def test_listings_filter_by_region_search_and_sort_in_sql(db, small_county) -> None:
    people = [("张龙敏", "青山村", 1990), ("王小二", "石桥村", 1980), ("张三", "化垮社区", 2000)]
    with db.session() as s, s.begin():
        for i, (name, village, year) in enumerate(people):
            talent.save(s, None, talent_values(small_county[village], name=name,
                        id_number=make_id_number("520524", date(year, 1, 1), 2 * i + 1)), today=TODAY)
    listing = LISTINGS["talent"]()
    names = lambda q: [r.values[0] for r in listing.page(s, q, 0, 50)]  # noqa: E731
    with db.session() as s:
        assert listing.count(s, ListQuery(region_id=small_county["龙场镇"])) == 2
        assert listing.count(s, ListQuery(region_id=small_county["织金县"])) == 3
        assert names(ListQuery(region_id=small_county["化垮社区"])) == ["张三"]
        assert sorted(names(ListQuery(search="张"))) == ["张三", "张龙敏"]
        assert names(ListQuery(search="zlm")) == ["张龙敏"]
        assert names(ListQuery(search="wangxiao")) == ["王小二"]
        assert names(ListQuery(search="19800101")) == ["王小二"]
        assert names(ListQuery(order_by="age")) == ["张三", "张龙敏", "王小二"]
        assert names(ListQuery(order_by="age", descending=True)) == ["王小二", "张龙敏", "张三"]
        assert listing.count(s, ListQuery(filters={"age_min": 30, "age_max": 40}, as_of=TODAY)) == 1
        assert listing.count(s, ListQuery(filters={"stage": "reserve", "source": "veteran"})) == 3
        assert listing.count(s, ListQuery(filters={"stage": "talent"})) == 0


def test_person_search_hits_are_masked(db, small_county) -> None:
    with db.session() as s, s.begin():
        talent.save(s, None, talent_values(small_county["青山村"]), today=TODAY)
    with db.session() as s:
        hit = persons.search(s, "张龙")[0]
    assert hit.masked_id.startswith("520524") and "*" in hit.masked_id
    assert hit.village == "龙场镇 / 青山村"
    with db.session() as s:
        assert persons.describe(s, hit.id) == hit
        assert persons.describe(s, "no-such-id") is None


def test_county_selected_shows_county_run_classes_without_trainees(db, small_county) -> None:
    with db.session() as s, s.begin():
        training.save(s, None, dict(title="县级班", kind="village_cadre", start_date="2021-05-01",
                                    end_date="2021-05-05", planned_hours=40))
    listing = LISTINGS["training"]()
    with db.session() as s:
        assert listing.count(s, ListQuery(region_id=small_county["织金县"])) == 1
        assert listing.count(s, ListQuery(region_id=small_county["龙场镇"])) == 0


def test_region_import_reports_every_bad_row_and_writes_nothing(db, tmp_path: Path) -> None:
    csv_path = tmp_path / "区划.csv"
    csv_path.write_text("代码,名称,上级代码\n520524,织金县,\n52052400,坏代码,520524\n"
                        "520524001,,520524\n520524002001,孤村,520524999\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        with db.session() as s, s.begin():
            regions.import_regions(s, regions.read_region_rows(csv_path))
    text = str(err.value)
    assert "第 3 行" in text and "第 4 行" in text and "第 5 行" in text
    with db.session() as s:
        assert regions.children(s, None) == []


def test_region_import_from_xlsx_builds_the_tree(db, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称", "上级代码"])
    ws.append(["520524", "织金县", None])
    ws.append(["520524001", "金凤街道", "520524"])
    ws.append(["520524001001", "化垮社区", "520524001"])
    path = tmp_path / "regions.xlsx"
    wb.save(path)
    with db.session() as s, s.begin():
        result = regions.import_regions(s, regions.read_region_rows(path))
    assert (result.added, result.updated) == (3, 0)
    with db.session() as s:
        county = regions.children(s, None)[0]
        town = regions.children(s, county.id)[0]
        village = regions.children(s, town.id)[0]
        assert (county.child_count, town.kind, village.kind) == (1, "subdistrict", "community")
        assert regions.region_path(s, village.id) == "织金县 / 金凤街道 / 化垮社区"


def test_default_talent_order_reads_region_code_index_and_counts_match(db, small_county) -> None:
    """Browsing (no search, no header click) walks villages in code order: the plan uses the
    region-code index and no full sort, and the fast count agrees with the rows listed."""
    people = [("王一", "化垮社区"), ("赵二", "青山村"), ("钱三", "石桥村"), ("孙四", "青山村")]
    with db.session() as s, s.begin():
        for i, (name, village) in enumerate(people):
            talent.save(s, None, talent_values(small_county[village], name=name,
                        id_number=make_id_number("520524", date(1980 + i, 1, 1), 2 * i + 1)), today=TODAY)
    listing = LISTINGS["talent"]()
    q = ListQuery()
    with db.session() as s:
        rows = listing.page(s, q, 0, 50)
        # 龙场镇 (…001) before 金凤街道 (…002); within 青山村 by name.
        assert [r.values[0] for r in rows] == ["孙四", "赵二", "钱三", "王一"]
        assert listing.count(s, q) == len(rows) == len(listing.ids(s, q))
        assert listing.count(s, ListQuery(filters={"stage": "reserve"})) == 4
        if db.is_server:  # the rest is about SQLite's planner
            return
        sql = str(listing.ordered(q).compile(db.engine))
        plan = " ".join(r[-1] for r in s.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql, tuple(listing.ordered(q).compile(db.engine).params.values())))
    assert "CROSS JOIN" in sql and "ix_region_code" in plan and "USE TEMP B-TREE FOR ORDER BY" not in plan
