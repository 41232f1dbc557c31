"""python -m service.cli enrich ARTICLES... --out results.jsonl"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from service.cli.inputs import InputError, Options, collect
from service.cli.results import ResultsFile
from service.cli.run import run
from service.client import ConnectionFailed, EnrichClient

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE, EXIT_KEY, EXIT_UNREACHABLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
FEATURES = ("language", "entities", "sentiment", "summary", "metadata", "quotes", "regions", "story")
# The API's limits, repeated so that the client stays apart from the server's code; the API checks them too.
MIN_CHARS, MAX_CHARS = 40, 10_000

EPILOG = """\
ARTICLES: .txt files (sent as text), .html/.htm files (sent as html), folders (their files of those
kinds and .jsonl, recursively), or .jsonl files with one request object per line as POST
/v1/articles takes it ({"text" or "html", "title", "url", ...}); an "id" field names the line in the
results and is not sent.

Each article is sent with an Idempotency-Key made from a hash of its request, so sending it again
returns the same job. Every ended article gets one JSON line in --out: source, key, job_id, status
(finished, failed, rejected, pending, error), result, error. Run the same command again after an
interruption: articles already finished, failed or rejected in --out are skipped; pending and
error ones are sent again (replayed, not duplicated).

exit status: 0 every article finished; 1 some did not (see --out); 2 usage error;
3 the API refused the key; 4 the API could not be reached; 130 interrupted (run again to go on).
"""


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m service.cli", description="Client for the enrichment API.")
    commands = main.add_subparsers(dest="command", required=True)
    enrich = commands.add_parser(
        "enrich",
        help="enrich articles and write one JSON line per article",
        description="Enrich articles through the API and write one JSON line per article.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    enrich.add_argument("articles", nargs="+", metavar="ARTICLES", help="files, folders or .jsonl files")
    enrich.add_argument("--out", required=True, type=Path, help="results file (JSON lines); read to resume")
    enrich.add_argument(
        "--url",
        default=os.environ.get("ENRICH_API_URL", "http://localhost:8000"),
        help="API base URL (default: $ENRICH_API_URL or http://localhost:8000)",
    )
    enrich.add_argument(
        "--key", default=os.environ.get("ENRICH_API_KEY"), help="API key (default: $ENRICH_API_KEY)"
    )
    enrich.add_argument(
        "--concurrency",
        type=_bounded_int(1, 64),
        default=8,
        metavar="N",
        help="requests in flight (default 8)",
    )
    enrich.add_argument(
        "--wait",
        type=_seconds,
        default=300.0,
        metavar="SECONDS",
        help="longest wait for each job to end (default 300); 0 only submits, and a re-run collects",
    )
    enrich.add_argument("--features", type=_features, help=f"comma-separated subset of {','.join(FEATURES)}")
    enrich.add_argument("--language", help="ISO 639-1 hint for every article, e.g. id")
    enrich.add_argument(
        "--summary-sentences", type=_bounded_int(1, 20), metavar="N", help="1-20 (API default 3)"
    )
    enrich.add_argument(
        "--summary-chars",
        type=_bounded_int(MIN_CHARS, MAX_CHARS),
        metavar="N",
        help=f"longest summary in characters, {MIN_CHARS}-{MAX_CHARS:,} (API default: no limit)",
    )
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    console = Console(stderr=True)
    options = Options(
        features=args.features,
        language=args.language,
        summary_sentences=args.summary_sentences,
        summary_chars=args.summary_chars,
    )
    try:
        items = collect(args.articles, options)
    except InputError as exc:
        console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        return EXIT_USAGE
    if not items:
        console.print(
            "[red]error:[/] no articles found (.txt, .html, .htm or .jsonl)", highlight=False, soft_wrap=True
        )
        return EXIT_USAGE
    results = ResultsFile(args.out)
    try:
        results.open()
    except OSError as exc:
        console.print(f"[red]error:[/] cannot write {args.out}: {exc}", highlight=False, soft_wrap=True)
        return EXIT_USAGE
    if results.unreadable_lines:
        console.print(
            f"{results.unreadable_lines} unreadable line(s) dropped from {args.out}", highlight=False
        )
    client = EnrichClient(args.url, args.key, max_connections=args.concurrency)
    try:
        client.check()  # an unreachable URL fails now, not after each article's retries
    except ConnectionFailed as exc:
        client.close()
        results.close()
        console.print(f"[red]error:[/] cannot reach the API: {exc}", highlight=False, soft_wrap=True)
        return EXIT_UNREACHABLE
    try:
        outcome = run(client, items, results, concurrency=args.concurrency, wait_s=args.wait, console=console)
    except KeyboardInterrupt:  # before or after the loop, which handles its own
        results.close()
        console.print("interrupted: run the same command again to go on", highlight=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    finally:
        client.close()
    results.close()
    summary = ", ".join(f"{count} {status}" for status, count in sorted(outcome.counts.items()))
    console.print(f"{summary or 'nothing done'} -> {args.out}", highlight=False, soft_wrap=True)
    if outcome.interrupted:
        console.print("interrupted: run the same command again to go on", highlight=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    if outcome.fatal is not None:
        console.print(f"[red]error:[/] {outcome.fatal}", highlight=False, soft_wrap=True)
        return outcome.fatal.exit_code
    finished = outcome.counts["finished"]
    return EXIT_OK if finished == len(items) else EXIT_INCOMPLETE


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be {low}-{high}")
        return number

    return parse


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError("must be 0-86400 seconds")
    return seconds


def _features(value: str) -> tuple[str, ...]:
    chosen = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(set(chosen) - set(FEATURES))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {','.join(FEATURES)}")
    return chosen


if __name__ == "__main__":
    sys.exit(main())
