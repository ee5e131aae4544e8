"""Value types for the command line (each turns the text a user typed into a number or says what is allowed),
the range of seeds, and telling a Ctrl-C from an error."""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable
from typing import Any


def count(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number from `minimum` (and up to `maximum`, when given)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if maximum is not None and not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"must be between {minimum} and {maximum}, not {text!r}")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {text!r}")
        return value
    return parse


def positive_float(text: str) -> float:
    """A number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0, not {text!r}")
    return value


def parameter_setting(text: str) -> tuple[str, Any]:
    """NAME=VALUE: a parameter's name and a value written as in a scenario file (a number, true or false, or a
    quoted string). Whether the parameter exists and takes the value is checked where it is applied."""
    name, equals, value = (part.strip() for part in text.partition("="))
    if not equals or not name or not value:
        raise argparse.ArgumentTypeError(f"must be NAME=VALUE, such as institution_need=6.1, not {text!r}")
    try:
        parsed = tomllib.loads(f"value = {value}")["value"]
    except tomllib.TOMLDecodeError:
        parsed = None
    if not isinstance(parsed, int | float | bool | str):
        raise argparse.ArgumentTypeError(f"{name}: {value!r} is not a number, true or false, or a quoted string")
    return name, parsed


SEED_MAX = 2**32 - 1  # every run's seed lies in 0..SEED_MAX (32 bits), so the seed columns fit any table


def is_interrupt(error: BaseException | None) -> bool:
    """Whether `error` is Ctrl-C: a KeyboardInterrupt, or an error raised while one was on its way (compiled
    code turns a KeyboardInterrupt into a SystemError whose cause or context is the interruption)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
