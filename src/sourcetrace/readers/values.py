"""Typed access to the optional parts of a platform record: a value of the wrong type is treated
as absent (`"entities": {"urls": 1}`, `"media": true`, `"lang": []`), so a hostile or odd export
never reaches code that expects another type (S_x_wrong_types)."""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else {}."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if it is a JSON array, else []."""
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """`value` if it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def as_id(value: Any) -> str | None:
    """A string or integer id as a string (booleans and other types: None)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return as_str(value)
