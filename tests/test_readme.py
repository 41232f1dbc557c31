"""The README's promises that code can check: its configuration table lists every variable."""

from __future__ import annotations

import re

from service import config
from tests.servers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_configuration_table_lists_every_variable() -> None:
    table = "\n".join(line for line in section("Configuration").splitlines() if line.startswith("|"))
    listed = set(re.findall(r"`(ENRICH_[A-Z0-9_<>]+)`", table))
    missing = [name for name in config.variables() if name not in listed]
    assert not missing, f"README's configuration table misses {missing}"
    unknown = listed - set(config.variables())
    assert not unknown, f"README's configuration table lists variables the service does not read: {unknown}"
