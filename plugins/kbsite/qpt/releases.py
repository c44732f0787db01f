"""The catalogue of Commerce releases (``magento_releases.json``).

It knows which releases exist, in order, so that a patch's list of releases
can be told as ranges (``2.4.2 – 2.4.3-p3``) and a range written in an
article can be expanded back to the releases it covers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from .versions import Version, parse_version

EN_DASH = "\u2013"


@dataclass
class ReleaseCatalog:
    releases: list[Version] = field(default_factory=list)  # ascending
    packages: dict[Version, dict[str, Version]] = field(default_factory=dict)

    def __post_init__(self):
        self._position = {release: index for index, release in enumerate(self.releases)}
        self._runs: dict[tuple[Version, ...], tuple[tuple[Version, Version], ...]] = {}

    @classmethod
    def from_mapping(cls, data: dict[str, dict[str, str]]) -> ReleaseCatalog:
        """``{"2.4.3-p1": {"magento/magento2-base": "2.4.3-p1", ...}, ...}``."""
        packages = {
            parse_version(release): {name: parse_version(version) for name, version in content.items()}
            for release, content in data.items()
        }
        return cls(sorted(packages), packages)

    def position(self, version: Version) -> int | None:
        """Index of a known release in ascending order."""
        return self._position.get(version)

    def between(self, low: Version, high: Version) -> list[Version]:
        """Known releases from ``low`` to ``high``, both included."""
        return self.releases[bisect_left(self.releases, low): bisect_right(self.releases, high)]

    def runs(self, versions: Iterable[Version]) -> tuple[tuple[Version, Version], ...]:
        """Maximal runs of releases that are consecutive in the catalogue.

        Versions unknown to the catalogue still count, each in its place.
        Remembered per list of versions: the grid in each language, the cards,
        the export and the checks ask for the same patches' runs.
        """
        key = tuple(versions)
        if key not in self._runs:
            self._runs[key] = tuple(self._find_runs(set(key)))
        return self._runs[key]

    def _find_runs(self, wanted: set[Version]) -> list[tuple[Version, Version]]:
        if all(version in self._position for version in wanted):
            return self._known_runs(sorted(self._position[version] for version in wanted))
        timeline = sorted(wanted.union(self.releases))
        runs: list[tuple[Version, Version]] = []
        start = previous = None
        for version in timeline:
            if version in wanted:
                start = start or version
                previous = version
            elif start is not None:
                runs.append((start, previous))
                start = None
        if start is not None:
            runs.append((start, previous))
        return runs

    def _known_runs(self, indexes: list[int]) -> list[tuple[Version, Version]]:
        runs: list[tuple[Version, Version]] = []
        for index in indexes:
            if runs and self._position[runs[-1][1]] == index - 1:
                runs[-1] = (runs[-1][0], self.releases[index])
            else:
                runs.append((self.releases[index], self.releases[index]))
        return runs

    def summary(self, versions: Iterable[Version]) -> str:
        """``2.3.7 – 2.3.7-p4, 2.4.2 – 2.4.3-p3``; a lone release stands alone."""
        return ", ".join(
            str(low) if low == high else f"{low} {EN_DASH} {high}" for low, high in self.runs(versions)
        )
