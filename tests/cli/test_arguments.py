"""The CLI's own checks of its options mirror the API's: every feature it can ask for, the summary limits."""

from __future__ import annotations

import pytest

from service.cli import __main__ as cli
from service.pipeline.registry import REGISTRY
from service.pipeline.stages.summary import MAX_CHARS, MIN_CHARS


def test_the_cli_knows_every_feature_and_summary_limit_of_the_api() -> None:
    # The client keeps its own copies so that it never imports the server; they must not drift.
    assert set(cli.FEATURES) == set(REGISTRY.features())
    assert (cli.MIN_CHARS, cli.MAX_CHARS) == (MIN_CHARS, MAX_CHARS)


def test_summary_chars_and_every_feature_are_accepted() -> None:
    args = cli.parser().parse_args(
        ["enrich", "a.txt", "--out", "r.jsonl", "--summary-chars", "280", "--features", "quotes,metadata"]
    )
    assert args.summary_chars == 280 and args.features == ("quotes", "metadata")


@pytest.mark.parametrize("value", ["39", "10001", "many"])
def test_summary_chars_out_of_range_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.parser().parse_args(["enrich", "a.txt", "--out", "r.jsonl", "--summary-chars", value])
    assert exit_.value.code == 2
    assert "--summary-chars" in capsys.readouterr().err
