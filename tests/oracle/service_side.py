"""The same figures as ``reference``, asked of the services (the code under test), in the same shapes."""

from __future__ import annotations

from datetime import date
from typing import Optional

from vcadre.services import dashboard, dispatch_alerts, posts_rates, stats, talent_alerts, training_records

HEADLINE_KEYS = (
    "townships", "villages", "villages_needing_first_secretary", "persons", "reserve_total", "reserve_current",
    "reserve_by_source", "reserve_by_stage", "training_sessions", "trainees", "enrolments", "training_hours",
    "training_sessions_by_year", "active_dispatches", "first_secretaries", "one_shoulder_villages",
)


def headline(s, day: date, township: Optional[str] = None) -> dict:
    d = stats.headline(s, township, day).as_dict()
    return {k: d[k] for k in HEADLINE_KEYS}


def dispatch_alert_sets(s, day: date) -> dict[str, set]:
    a = dispatch_alerts.compute(s, today=day)
    return {"ending": {x.dispatch_id for x in a.ending}, "uncovered": {x.village_id for x in a.uncovered},
            "double": {x.dispatch_id for x in a.double}, "low_days": {(x.dispatch_id, x.when) for x in a.low_days}}


def dashboard_alerts(s, day: date) -> dict[str, int]:
    found = {a.key: a.count for a in dashboard.alerts(s, None, day)}
    return {k: found.get(k, 0) for k in ("dispatch_overdue", "secretary_vacant", "first_secretary_missing")}


def gap_alerts(s, day: date, age_limit: int = 45) -> dict[str, int]:
    g = talent_alerts.gap_alerts(s, None, age_limit=age_limit, as_of=day, limit=0)
    return {k: getattr(g, k) for k in ("villages", "no_reserve", "no_reserve_stage", "over_age", "unreviewed")}


def rates(s, day: date) -> dict[str, tuple[int, int]]:
    return {t.township_id: (t.villages, t.one_shoulder) for t in posts_rates.rates(s, day).townships}


def training_short(s, year: int, min_hours: float) -> dict[str, float]:
    return {r.person_id: r.hours for r in training_records.short_of_hours(s, year, min_hours)}


def training_classes(s, year: Optional[int] = None) -> dict[str, tuple[int, int, int]]:
    return {r.id: (r.enrolled, r.completed, r.certificates) for r in training_records.list_classes(s, year)}


def trainees_per_year(s, day: date) -> dict[int, int]:
    return dict(dashboard.trainees_per_year(s, None, day))


def timeline(s, until: date):
    return posts_rates.timeline(s, None, None, until)


def dispatch_roster(s, day: date) -> set[str]:
    """Ids on the 驻村 roster filtered to those on post on ``day`` (``dispatch list --active --as-of``)."""
    from vcadre.services import dispatch  # noqa: F401 - registers the listing
    from vcadre.services.listing import LISTINGS, ListQuery

    rows = LISTINGS["dispatch"]().page(s, ListQuery(filters={"active": True}, as_of=day), 0, 10**9)
    return {r.id for r in rows}


def talent_ages(s, day: date) -> dict[str, int]:
    """Entry id → the 年龄 column of the reserve roster on ``day``."""
    from vcadre.services import talent  # noqa: F401 - registers the listing
    from vcadre.services.listing import LISTINGS, ListQuery

    listing = LISTINGS["talent"]()
    col = [c.key for c in listing.columns].index("age")
    return {r.id: r.values[col] for r in listing.page(s, ListQuery(as_of=day), 0, 10**9)}
