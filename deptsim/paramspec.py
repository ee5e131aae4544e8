"""How a department's parameters are declared and checked: `param` declares one with its unit, meaning, source,
range and group; `ParameterSet` validates every value on construction and makes checked copies.

Every field carries its unit, meaning and source in its metadata, so that `docs/parameters.md` is generated from
the parameter classes (and a test keeps the two in step). A source is an article as DOMAIN.md names it, a
publication, the law, or the words "modelling assumption". The workforce's parameters
(`deptsim.workforce.parameters`) are shared by every kind of department; each kind adds its own.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Self

ASSENS = "Assens children-and-family department 2014-2017 (000_c55b83271097b5ee.txt)"
GLADSAXE = "Gladsaxe free-municipality trial (001_1923e66eadb5423f.txt)"
SLAGELSE = "Slagelse Task Force 2020-2022 (002_4cae94db31368386.txt)"
AALBORG = "Aalborg children-and-family department (004_d6867ab70c0803f1.txt)"
ASSUMPTION = "modelling assumption"
CALIBRATED = "calibrated"
"""Sources that start with this: the value was fitted to calibration/denmark.toml by calibration/fit.toml."""
AGENCY_STAFF = ("England: agency staff 15.5-17.8% of child-and-family social workers 2021-2024, 69% of vacancies "
                "filled by agency staff 2022, about twice the cost of employed staff (DfE workforce statistics via "
                "trade press); Sweden: consultants about twice the cost (Swedish press); no Danish figure (DOMAIN.md)")
OLIVA_STERMAN = ("Oliva and Sterman, 'Cutting corners and working overtime: quality erosion in the service "
                 "industry', Management Science 47(7), 2001")


class ParameterError(ValueError):
    """An impossible parameter value; the message names the parameter and what is allowed."""


def format_number(value: Any) -> str:
    """A number as a message shows it: short, never hundreds of digits (1e+300, not 1000...000).

    Whole numbers below 10**21 are written out; larger ones, and floats, in the
    shortest form that reads back as the same value (`repr`), which Python keeps short.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**21 else _huge_int(value)
    return repr(value)


def _huge_int(value: int) -> str:
    """A whole number too long to write out, as 8.032e+302 (it may be too large for a float)."""
    try:
        return f"{float(value):.4g}"
    except OverflowError:
        pass
    try:
        digits = str(abs(value))
    except ValueError:  # longer than Python writes out (4,300 digits)
        return "a number of more than 4300 digits"
    decimals = digits[1:4].rstrip("0")
    return f"{'-' if value < 0 else ''}{digits[0]}{'.' + decimals if decimals else ''}e+{len(digits) - 1}"


def format_limit(value: float) -> str:
    """A range limit as a message shows it: 0, 1, 0.05, 1000000, 1e+09 (no '.0' on whole numbers)."""
    if float(value).is_integer() and abs(value) < 1e7:
        return str(int(value))
    return f"{value:g}"


def did_you_mean(name: str, allowed: Iterable[str]) -> str:
    """' (did you mean 'positions'?)' when `name` is a near miss of an allowed name, else ''."""
    close = difflib.get_close_matches(str(name), list(allowed), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def param(
    default: Any,
    unit: str,
    meaning: str,
    source: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] | None = None,
    group: str,
) -> Any:
    """Declare one parameter with the metadata that validation and the docs use."""
    return field(
        default=default,
        metadata={
            "unit": unit,
            "meaning": meaning,
            "source": source,
            "lo": lo,
            "hi": hi,
            "choices": choices,
            "group": group,
        },
    )


@dataclass(frozen=True)
class ParameterSet:
    """Parameters declared with `param`, every value checked on construction (`check_rules` adds the rules
    between parameters). Build a variant with ``params.replace(positions=20)``."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            object.__setattr__(self, f.name, _validate(f, getattr(self, f.name)))
        self.check_rules()

    def check_rules(self) -> None:
        """Raise a ParameterError when values break a rule between parameters (none here)."""

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    def replace(self, **changes: Any) -> Self:
        """A copy with some values changed; unknown names raise a ParameterError."""
        names = self.field_names()
        unknown = sorted(set(changes) - set(names))
        if unknown:
            raise ParameterError("unknown parameter(s): " + ", ".join(name + did_you_mean(name, names)
                                                                    for name in unknown))
        return dataclasses.replace(self, **changes)


def _validate(f: dataclasses.Field, value: Any) -> Any:
    """Check one value against its field's metadata; return it in the field's type."""
    meta = f.metadata
    kind = f.type if isinstance(f.type, type) else {"int": int, "float": float, "bool": bool, "str": str}[f.type]
    name = f.name
    if kind is bool:
        if not isinstance(value, bool):
            raise ParameterError(f"parameter '{name}' must be true or false, not {_shown(value)}")
        return value
    if kind is str:
        if value not in meta["choices"]:
            allowed = ", ".join(repr(c) for c in meta["choices"])
            raise ParameterError(f"parameter '{name}' must be one of {allowed}, not {_shown(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' must be a number, not {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"parameter '{name}' must be a finite number, not {format_number(value)}")
    if kind is int and isinstance(value, float) and not value.is_integer():
        raise ParameterError(f"parameter '{name}' must be a whole number, not {format_number(value)}")
    lo, hi = meta["lo"], meta["hi"]
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ParameterError(f"parameter '{name}' = {format_number(value)} is out of range: allowed "
                             f"{format_limit(lo)} to {format_limit(hi)} {meta['unit']}")
    return int(value) if kind is int else float(value)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: its repr on one line, cut short if long."""
    text = format_number(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
