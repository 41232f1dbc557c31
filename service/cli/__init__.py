"""Command line: `python -m service.cli enrich ARTICLES... --out results.jsonl` (see __main__)."""
