"""Translated labels for column keys, form field keys, filters and headline figures.

The services name columns and fields by key; the words shown for them are the GUI's and are
translated with Qt (English source, zh_CN translation). Strings are marked here with
``QT_TRANSLATE_NOOP`` (so ``lupdate`` finds them) and translated when asked for, after the
translators are installed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from vcadre.domain.codes import TABLES

log = logging.getLogger(__name__)

_CTX = "labels"

#: Column and field labels shared by every record kind, by key.
_COMMON: dict[str, str] = {
    # people
    "name": QT_TRANSLATE_NOOP("labels", "Name"),
    "gender": QT_TRANSLATE_NOOP("labels", "Gender"),
    "age": QT_TRANSLATE_NOOP("labels", "Age"),
    "ethnicity": QT_TRANSLATE_NOOP("labels", "Ethnicity"),
    "education": QT_TRANSLATE_NOOP("labels", "Education"),
    "education_inservice": QT_TRANSLATE_NOOP("labels", "In-service education"),
    "political_status": QT_TRANSLATE_NOOP("labels", "Political status"),
    "id_number": QT_TRANSLATE_NOOP("labels", "ID number"),
    "birth_date": QT_TRANSLATE_NOOP("labels", "Date of birth"),
    "native_place": QT_TRANSLATE_NOOP("labels", "Native place"),
    "phone": QT_TRANSLATE_NOOP("labels", "Phone"),
    "party_join_date": QT_TRANSLATE_NOOP("labels", "Joined the Party"),
    "work_start_date": QT_TRANSLATE_NOOP("labels", "Started work"),
    "home_village_id": QT_TRANSLATE_NOOP("labels", "Home village"),
    "person": QT_TRANSLATE_NOOP("labels", "Person"),
    "person_id": QT_TRANSLATE_NOOP("labels", "Person"),
    # places
    "township": QT_TRANSLATE_NOOP("labels", "Township (subdistrict)"),
    "village": QT_TRANSLATE_NOOP("labels", "Village (community)"),
    "village_id": QT_TRANSLATE_NOOP("labels", "Village (community)"),
    "region_id": QT_TRANSLATE_NOOP("labels", "Organised by township"),
    # reserve pool
    "source": QT_TRANSLATE_NOOP("labels", "Source"),
    "nomination": QT_TRANSLATE_NOOP("labels", "Nominated by"),
    "stage": QT_TRANSLATE_NOOP("labels", "Current stage"),
    "status": QT_TRANSLATE_NOOP("labels", "Status"),
    "entry_date": QT_TRANSLATE_NOOP("labels", "Entered the pool"),
    "exit_date": QT_TRANSLATE_NOOP("labels", "Left the pool"),
    "exit_reason": QT_TRANSLATE_NOOP("labels", "Reason for leaving"),
    "mentor": QT_TRANSLATE_NOOP("labels", "Mentor"),
    "trial_post": QT_TRANSLATE_NOOP("labels", "Trial post"),
    # training
    "title": QT_TRANSLATE_NOOP("labels", "Course title"),
    "kind": QT_TRANSLATE_NOOP("labels", "Course type"),
    "organizer": QT_TRANSLATE_NOOP("labels", "Organiser"),
    "start_date": QT_TRANSLATE_NOOP("labels", "Start date"),
    "end_date": QT_TRANSLATE_NOOP("labels", "End date"),
    "place": QT_TRANSLATE_NOOP("labels", "Place"),
    "planned_hours": QT_TRANSLATE_NOOP("labels", "Planned hours"),
    "capacity": QT_TRANSLATE_NOOP("labels", "Capacity"),
    "enrolled": QT_TRANSLATE_NOOP("labels", "Enrolled"),
    "year": QT_TRANSLATE_NOOP("labels", "Year"),
    # dispatch
    "role": QT_TRANSLATE_NOOP("labels", "Role"),
    "unit": QT_TRANSLATE_NOOP("labels", "Dispatching unit"),
    "unit_post": QT_TRANSLATE_NOOP("labels", "Post in own unit"),
    "batch": QT_TRANSLATE_NOOP("labels", "Batch"),
    "batch_id": QT_TRANSLATE_NOOP("labels", "Batch"),
    "planned_end": QT_TRANSLATE_NOOP("labels", "Planned end"),
    "actual_end": QT_TRANSLATE_NOOP("labels", "Actual end"),
    "end_reason": QT_TRANSLATE_NOOP("labels", "Reason for ending"),
    "handover_note": QT_TRANSLATE_NOOP("labels", "Handover notes"),
    # posts
    "post": QT_TRANSLATE_NOOP("labels", "Post"),
    "origin": QT_TRANSLATE_NOOP("labels", "How appointed"),
    "secretary": QT_TRANSLATE_NOOP("labels", "Party secretary"),
    "director": QT_TRANSLATE_NOOP("labels", "Committee director"),
    "one_shoulder": QT_TRANSLATE_NOOP("labels", "One shoulder"),
    "since": QT_TRANSLATE_NOOP("labels", "Since"),
    "reason": QT_TRANSLATE_NOOP("labels", "Reason not one-shoulder"),
    "plan": QT_TRANSLATE_NOOP("labels", "Plan"),
    "target_date": QT_TRANSLATE_NOOP("labels", "Target date"),
    "candidate": QT_TRANSLATE_NOOP("labels", "Candidate"),
    "candidate_id": QT_TRANSLATE_NOOP("labels", "Candidate (reserve pool)"),
    # everything
    "notes": QT_TRANSLATE_NOOP("labels", "Notes"),
}

#: Per-kind overrides where a key means something more specific.
_BY_KIND: dict[str, dict[str, str]] = {
    "talent": {
        "village_id": QT_TRANSLATE_NOOP("labels", "Village (community)"),
    },
    "dispatch": {
        "status": QT_TRANSLATE_NOOP("labels", "Posting status"),
        "start_date": QT_TRANSLATE_NOOP("labels", "Arrived"),
    },
    "posts": {
        "start_date": QT_TRANSLATE_NOOP("labels", "Took office"),
        "end_date": QT_TRANSLATE_NOOP("labels", "Left office"),
    },
}

#: Headline figures of the overview (keys of ``stats.headline(...).as_dict()``).
_HEADLINE: dict[str, str] = {
    "townships": QT_TRANSLATE_NOOP("labels", "Townships"),
    "villages": QT_TRANSLATE_NOOP("labels", "Villages (communities)"),
    "persons": QT_TRANSLATE_NOOP("labels", "Persons on record"),
    "reserve_total": QT_TRANSLATE_NOOP("labels", "Reserve pool (all entries)"),
    "reserve": QT_TRANSLATE_NOOP("labels", "Reserve pool"),
    "reserve_by_source": QT_TRANSLATE_NOOP("labels", "Reserve pool by source"),
    "reserve_by_stage": QT_TRANSLATE_NOOP("labels", "Reserve pool by stage"),
    "training_sessions": QT_TRANSLATE_NOOP("labels", "Training courses"),
    "distinct_trainees": QT_TRANSLATE_NOOP("labels", "Persons trained"),
    "trainees": QT_TRANSLATE_NOOP("labels", "Persons trained"),
    "active_dispatches": QT_TRANSLATE_NOOP("labels", "Cadres stationed in villages"),
    "first_secretaries": QT_TRANSLATE_NOOP("labels", "First secretaries in post"),
    "first_secretaries_in_post": QT_TRANSLATE_NOOP("labels", "First secretaries in post"),
    "one_shoulder_villages": QT_TRANSLATE_NOOP("labels", "One-shoulder villages"),
    "one_shoulder": QT_TRANSLATE_NOOP("labels", "One-shoulder villages"),
    "one_shoulder_rate": QT_TRANSLATE_NOOP("labels", "One-shoulder rate"),
    "as_of": QT_TRANSLATE_NOOP("labels", "As of"),
    "villages_needing_first_secretary": QT_TRANSLATE_NOOP("labels", "Villages needing a first secretary"),
    "reserve_current": QT_TRANSLATE_NOOP("labels", "Reserve pool (current)"),
    "enrolments": QT_TRANSLATE_NOOP("labels", "Enrolments"),
    "training_hours": QT_TRANSLATE_NOOP("labels", "Training hours completed"),
    "training_sessions_by_year": QT_TRANSLATE_NOOP("labels", "Training courses per year"),
    "section_regions": QT_TRANSLATE_NOOP("labels", "Regions and people"),
    "section_reserve": QT_TRANSLATE_NOOP("labels", "Reserve cadres"),
    "section_training": QT_TRANSLATE_NOOP("labels", "Training"),
    "section_villages": QT_TRANSLATE_NOOP("labels", "Village postings and one shoulder"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def label(kind: str, key: str) -> str:
    """The translated label of column or field ``key`` in record kind ``kind``."""
    text = _BY_KIND.get(kind, {}).get(key) or _COMMON.get(key)
    if text is None:
        log.warning("No label for %s.%s", kind, key)
        return key
    return _t(text)


def has_label(kind: str, key: str) -> bool:
    return key in _BY_KIND.get(kind, {}) or key in _COMMON


def headline_label(key: str) -> str:
    text = _HEADLINE.get(key)
    return _t(text) if text else _COMMON.get(key) and _t(_COMMON[key]) or key


def has_headline_label(key: str) -> bool:
    return key in _HEADLINE


def code_label(table: str, code: object, english: bool) -> str:
    """Label of a stored code in the UI language; unknown codes shown raw, None as ''."""
    if code is None or code == "":
        return ""
    t = TABLES.get(table)
    if t is None:
        return str(code)
    item = t.get(str(code))
    if item is None:
        return str(code)
    return item.label_en if english else item.label


def yes_no(value: object) -> str:
    if value is None:
        return ""
    return _t("Yes") if value else _t("No")


# lupdate: the words yes_no() uses.
_ = (QT_TRANSLATE_NOOP("labels", "Yes"), QT_TRANSLATE_NOOP("labels", "No"))
