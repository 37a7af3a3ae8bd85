"""A list whose count stopped early (``Listing.count_bounded``: a digits search, “5,000+ 条”):
the model keeps fetching past the count until a short page ends the list, and says “+” until then."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QModelIndex

from vcadre.services.listing import Column, Listing, ListQuery, Row
from vcadre.ui.table_model import PAGE_SIZE, ListingModel


class Numbers(Listing):
    """``rows`` rows; counted only up to ``cap`` (like a digits search in the 后备干部 list)."""

    columns = (Column("n", kind="int"),)

    def __init__(self, rows: int, cap: int) -> None:
        self.rows, self.cap = rows, cap

    def count(self, session, q: ListQuery) -> int:
        return self.rows

    def count_bounded(self, session, q: ListQuery) -> tuple[int, bool]:
        return min(self.rows, self.cap), self.rows <= self.cap

    def page(self, session, q: ListQuery, offset: int, limit: int) -> list[Row]:
        return [Row(str(i), (i,)) for i in range(offset, min(offset + limit, self.rows))]


class NoDatabase:
    @contextmanager
    def session(self):
        yield None


def fetch_all(model: ListingModel) -> int:
    fetches = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        fetches += 1
        assert fetches < 100
    return fetches


def test_an_uncounted_list_is_read_to_its_end_and_then_counted(qtmodeltester) -> None:
    rows = 2 * PAGE_SIZE + PAGE_SIZE // 2  # more than the cap, ends on a short page
    model = ListingModel(Numbers(rows, cap=PAGE_SIZE + 1), NoDatabase(), lambda key: key)
    totals = []
    model.totalChanged.connect(totals.append)
    model.set_query(ListQuery(search="1"))
    assert (model.total(), model.total_is_exact(), model.total_text()) == (PAGE_SIZE + 1, False, f"{PAGE_SIZE + 1:,}+")
    assert model.rowCount() == PAGE_SIZE
    qtmodeltester.check(model)
    fetch_all(model)
    assert [model.row_id(r) for r in range(model.rowCount())] == [str(i) for i in range(rows)]
    assert (model.total(), model.total_is_exact(), model.total_text()) == (rows, True, f"{rows:,}")
    assert totals[0] == PAGE_SIZE + 1 and totals[-1] == rows
    qtmodeltester.check(model)


def test_an_uncounted_list_ending_on_a_full_page_stops_at_the_empty_one(qtmodeltester) -> None:
    model = ListingModel(Numbers(2 * PAGE_SIZE, cap=10), NoDatabase(), lambda key: key)
    model.set_query(ListQuery(search="1"))
    assert model.total_text() == f"{PAGE_SIZE}+"  # more rows read than the count's stop: at least those
    fetch_all(model)
    assert (model.rowCount(), model.total(), model.total_text()) == (2 * PAGE_SIZE, 2 * PAGE_SIZE, f"{2 * PAGE_SIZE:,}")
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_a_counted_list_stops_at_its_count(qtmodeltester) -> None:
    model = ListingModel(Numbers(PAGE_SIZE + 3, cap=10 ** 6), NoDatabase(), lambda key: key)
    model.set_query(ListQuery())
    assert (model.total(), model.total_text()) == (PAGE_SIZE + 3, f"{PAGE_SIZE + 3:,}")
    assert fetch_all(model) == 1 and model.rowCount() == PAGE_SIZE + 3
    qtmodeltester.check(model)
