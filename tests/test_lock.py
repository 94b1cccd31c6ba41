"""requirements/lock.txt (written by `make lock`) holds every dependency pyproject.toml
names, the test and scale extras included, at a version pyproject.toml allows, each with
hashes: `make` installs from it with --require-hashes. (`make lock-check` compares the
whole resolution, with the package index.)"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def locked() -> dict[str, tuple[str, int]]:
    """Each locked package: its version and how many hashes it carries."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (PROJECT / "requirements" / "lock.txt").read_text().splitlines():
        found = PIN.match(line)
        if found:
            current = canonicalize_name(found[1])
            pins[current] = (found[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def test_the_lock_pins_every_dependency_at_an_allowed_version_with_hashes():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    wanted = [
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
        *project["optional-dependencies"]["scale"],
    ]
    pins = locked()
    assert all(hashes > 0 for _version, hashes in pins.values())
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements/lock.txt: run make lock"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{name}=={pins[name][0]} does not satisfy {requirement}: run make lock"
        )
