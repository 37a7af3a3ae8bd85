"""Errors a service raises for bad input: the GUI and CLI show ``str(err)`` (Chinese) as is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str  #: the record field key (as in the service's ``get``/``save`` dicts), or "" for the record
    message: str  #: Chinese, says what is wrong and, where it helps, what is expected


class ValidationError(ValueError):
    """One or more fields are wrong; nothing was written."""

    def __init__(self, errors: list[FieldError] | FieldError | str) -> None:
        if isinstance(errors, str):
            errors = [FieldError("", errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = list(errors)
        super().__init__("；".join(e.message for e in self.errors))

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(LookupError):
    """The record does not exist (or was deleted); the message is Chinese."""
