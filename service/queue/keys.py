"""Every Redis key this service writes, named in one place (RQ's own keys are RQ's business).

All keys of one deployment share the prefix "enrich:<queue name>:", so several deployments (or
test runs) can share a Redis without seeing each other's data.
"""

from __future__ import annotations

import functools
import hashlib


class Keys:
    def __init__(self, queue_name: str) -> None:
        self.prefix = f"enrich:{queue_name}:"

    def idempotency(self, owner: str, key_digest: str) -> str:
        """A client's Idempotency-Key (hashed) -> the job it created and the request's digest."""
        return f"{self.prefix}idempotency:{owner}:{key_digest}"

    def known(self, job_id: str) -> str:
        """A job id handed out, with its owner: outlives the job so that GET answers 410, not 404."""
        return f"{self.prefix}known:{job_id}"

    def rate(self, client: str, window: int) -> str:
        """Requests of a client in one minute-long window."""
        return f"{self.prefix}rate:{client}:{window}"

    def backends(self) -> str:
        """The backends the latest worker to start loaded (GET /v1/models)."""
        return f"{self.prefix}backends"

    def stats(self) -> str:
        """Job outcomes, failure codes and time per stage, counted by workers (/metrics)."""
        return f"{self.prefix}stats"

    def alive(self, worker_name: str) -> str:
        """Refreshed by a worker every few seconds; gone when the worker is dead."""
        return f"{self.prefix}alive:{worker_name}"

    def reaper(self) -> str:
        """Lock held by the one worker looking for dead workers' jobs."""
        return f"{self.prefix}reaper"

    # --- story linking: every key of one owner under one prefix, with a Redis Cluster hash tag ---

    def story_owner(self, owner: str) -> str:
        """The prefix of one owner's story keys. The owner is hashed (keys never show a client's
        name) into a hash tag `{...}`: Redis Cluster puts all of one owner's keys in one slot, so
        one script can link an article atomically while owners spread over the cluster."""
        return f"{self.prefix}story:{{{_owner_tag(owner)}}}:"

    def story_bands(self, owner: str, day: int | str) -> str:
        """LSH band -> refs of the articles received that day whose signatures have that band."""
        return f"{self.story_owner(owner)}lsh:{day}"

    def story_articles(self, owner: str, day: int | str) -> str:
        """Article ref -> the article's record (signature, vector, job, story), by day received."""
        return f"{self.story_owner(owner)}art:{day}"

    def story_postings(self, owner: str, day: int | str) -> str:
        """Key (entity or term) digest -> the stories with it linked to that day (the inverted index)."""
        return f"{self.story_owner(owner)}key:{day}"

    def story_counts(self, owner: str, day: int | str) -> str:
        """Feature id -> how many articles that day had it (document frequencies)."""
        return f"{self.story_owner(owner)}df:{day}"

    def story(self, owner: str, story_id: str) -> str:
        """A story: dates, size, centroid and members (`story(owner, "")` is the prefix)."""
        return f"{self.story_owner(owner)}s:{story_id}"


@functools.lru_cache(maxsize=4096)
def _owner_tag(owner: str) -> str:
    return hashlib.blake2b(owner.encode(), digest_size=8).hexdigest()
