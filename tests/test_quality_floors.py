"""Quality floors per stage (bench/floors.json) on small fixed samples of the public data."""

from __future__ import annotations

import pytest

from bench import quality
from tests.servers import ROOT

DATA = ROOT.parent / "shared" / "data"


@pytest.mark.parametrize("stage", list(quality.STAGES))
def test_stage_stays_above_its_floors(stage: str) -> None:
    if stage != "summary" and not DATA.is_dir():
        pytest.skip(f"{DATA} is not here")
    metrics = quality.STAGES[stage](quality.FLOORS["sample"][stage], references=False)
    checked = 0
    for name, floor in quality.FLOORS["floors"].items():
        if name in metrics:
            assert metrics[name] >= floor, f"{name} = {metrics[name]:.4f} fell below its floor {floor}"
            checked += 1
    for name, ceiling in quality.FLOORS["ceilings"].items():
        if name in metrics:
            assert metrics[name] <= ceiling, f"{name} = {metrics[name]:.4f} rose above its ceiling {ceiling}"
            checked += 1
    assert checked, f"no floor pinned for {stage}"
