"""What `deptsim workshop` was started with, handed to the Solara page through the environment.

The page is a module that Solara's server imports by name, so the command line cannot call it with
arguments; environment variables also let `solara run deptsim/workshop/app.py` start the same page.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from deptsim.reports.labels import LANGUAGES

PREFIX = "DEPTSIM_WORKSHOP_"


@dataclass(frozen=True)
class Settings:
    """The starting scenario ('' for the default department), the page's language and the seed."""

    scenario: str = ""
    lang: str = "en"
    seed: int = 1

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")

    def environment(self) -> dict[str, str]:
        return {PREFIX + "SCENARIO": self.scenario, PREFIX + "LANG": self.lang, PREFIX + "SEED": str(self.seed)}

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        default = cls()
        return cls(scenario=environ.get(PREFIX + "SCENARIO", default.scenario),
                   lang=environ.get(PREFIX + "LANG", default.lang),
                   seed=int(environ.get(PREFIX + "SEED", default.seed)))
