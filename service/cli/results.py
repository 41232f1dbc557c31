"""The --out file: one JSON line per article, appended as each ends, so an interrupted run loses
nothing it finished and a re-run can skip it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

# Outcomes that a re-run keeps. "pending" (the wait ran out) and "error" (network, 5xx, rate limit
# after retries) are sent again; the content-hash Idempotency-Key makes that a replay of the same job.
DONE_STATUSES = frozenset({"finished", "failed", "rejected"})


class ResultsFile:
    def __init__(self, path: Path):
        self.path = path
        self._records: dict[str, dict[str, Any]] = {}  # source -> latest record, in first-seen order
        self._handle: IO[str] | None = None
        self.unreadable_lines = 0

    def open(self) -> None:
        """Read what an earlier run wrote, rewrite it one line per article (dropping a line cut short
        by a kill), and keep the file open for appending."""
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    self.unreadable_lines += 1
                    continue
                if isinstance(record, dict) and isinstance(record.get("source"), str):
                    self._records[record["source"]] = record
        self.compact()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a", encoding="utf-8")

    def done(self, source: str, key: str | None) -> dict[str, Any] | None:
        """The earlier record of this very request (same source, same content hash), if it ended."""
        record = self._records.get(source)
        if record and key is not None and record.get("key") == key and record.get("status") in DONE_STATUSES:
            return record
        return None

    def append(self, record: dict[str, Any]) -> None:
        assert self._handle is not None, "open() first"
        self._records[record["source"]] = record
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close and leave one line per article (the latest), in the order first seen."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self.compact()

    def compact(self) -> None:
        """Rewrite the file from the records kept, atomically (a kill leaves the old or the new)."""
        if not self._records and not self.path.exists():
            return
        partial = self.path.with_name(self.path.name + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            for record in self._records.values():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(partial, self.path)
