"""Every table and the region tree over the full demo county (thousands of rows, paged)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from vcadre.services import dispatch, posts, talent, training  # noqa: F401 - register LISTINGS
from vcadre.services.listing import LISTINGS
from vcadre.ui import labels
from vcadre.ui.region_tree import RegionTreeModel
from vcadre.ui.table_model import PAGE_SIZE, ListingModel


@pytest.mark.parametrize("kind", ["talent", "training", "dispatch", "posts"])
def test_listing_models_over_the_demo(qtmodeltester, demo_db, kind):
    model = ListingModel(LISTINGS[kind](), demo_db, lambda key: labels.label(kind, key))
    model.set_query(model.query())
    assert model.rowCount() == min(model.total(), PAGE_SIZE)
    qtmodeltester.check(model)


def test_pages_are_fetched_as_needed(qtmodeltester, demo_db):
    model = ListingModel(LISTINGS["talent"](), demo_db, lambda key: key)
    model.set_query(model.query())
    assert model.total() > 2 * PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    ids = [model.row_id(r) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids)  # pages do not overlap
    qtmodeltester.check(model)


def test_sort_descending_by_age(demo_db):
    model = ListingModel(LISTINGS["talent"](), demo_db, lambda key: key)
    model.set_query(model.query())
    col = model.listing.column_index("age")
    model.sort(col, Qt.SortOrder.DescendingOrder)
    ages = [int(model.index(r, col).data()) for r in range(model.rowCount())]
    assert ages == sorted(ages, reverse=True)
    assert model.query().order_by == "age" and model.query().descending


def test_region_tree_over_the_demo(qtmodeltester, demo_db):
    model = RegionTreeModel(demo_db)
    county = model.index(0, 0)
    assert model.hasChildren(county) and model.rowCount(county) == 0  # not loaded yet
    model.fetchMore(county)
    townships = model.rowCount(county)
    assert townships > 10
    first = model.index(0, 0, county)
    model.fetchMore(first)
    assert model.rowCount(first) > 0
    qtmodeltester.check(model)
