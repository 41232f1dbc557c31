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

    def store(self) -> str:
        """The job store's marker, written once at first start: gone means Redis lost its data."""
        return f"{self.prefix}store"

    def ended(self) -> str:
        """Pub/sub channel: a worker publishes a job's id when the job finished or failed."""
        return f"{self.prefix}ended"

    def failed(self, owner: str) -> str:
        """One owner's failed jobs (sorted set, scored by failure time): listing them costs the
        same however many failures other keys have."""
        return f"{self.prefix}failed:{owner}"

    def retried(self, job_id: str) -> str:
        """Set when a job is queued again by POST /retry: further retries wait for it to expire."""
        return f"{self.prefix}retried:{job_id}"

    def ready_probe(self, process: str) -> str:
        """Written by /readyz: a Redis that answers but refuses writes (full) is not ready."""
        return f"{self.prefix}ready:{process}"

    def auth_failures(self, address: str, window: int) -> str:
        """Failed authentications from one client address in one minute-long window."""
        return f"{self.prefix}authfail:{address}:{window}"

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

    # --- batches (service/queue/batches.py) ---

    def batch(self, batch_id: str) -> str:
        """A batch: owner, sizes, rejected items, callback URL (a hash)."""
        return f"{self.prefix}batch:{batch_id}"

    def batch_jobs(self, batch_id: str) -> str:
        """The batch's accepted items in submission order: JSON {index, job} (a list)."""
        return f"{self.prefix}batch:{batch_id}:jobs"

    def batch_ended_jobs(self, batch_id: str) -> str:
        """Ids of the batch's jobs that ended (a set); full means the batch ended."""
        return f"{self.prefix}batch:{batch_id}:ended"

    def batch_idempotency(self, owner: str, key_digest: str) -> str:
        """A client's Idempotency-Key (hashed) on POST /v1/batches -> the batch and the body's digest."""
        return f"{self.prefix}batch-idempotency:{owner}:{key_digest}"

    # --- webhooks (service/queue/webhooks.py) ---

    def webhook(self, delivery_id: str) -> str:
        """One delivery (an event to a URL): owner, subject, status, the body once built (a hash)."""
        return f"{self.prefix}webhook:{delivery_id}"

    def webhook_attempts(self, delivery_id: str) -> str:
        """Every attempt at a delivery: JSON {at, status_code, error, duration_ms} (a list)."""
        return f"{self.prefix}webhook:{delivery_id}:attempts"

    def webhooks_of(self, subject: str, subject_id: str) -> str:
        """The deliveries about one job or batch (subject "job" or "batch"), oldest first (a list)."""
        return f"{self.prefix}webhooks:{subject}:{subject_id}"

    def webhooks_due(self) -> str:
        """Deliveries by the Unix time of their next attempt (a sorted set workers drain)."""
        return f"{self.prefix}webhooks:due"

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

    def story_counts(self, owner: str, period: int | str) -> str:
        """Feature id -> how many articles had it in that window-long period (document frequencies)."""
        return f"{self.story_owner(owner)}df:{period}"

    def story(self, owner: str, story_id: str) -> str:
        """A story: dates, size and centroid (`story(owner, "")` is the prefix)."""
        return f"{self.story_owner(owner)}s:{story_id}"

    def story_members(self, owner: str, story_id: str) -> str:
        """A story's latest articles, oldest first (`story_members(owner, "")` is the prefix)."""
        return f"{self.story_owner(owner)}m:{story_id}"


@functools.lru_cache(maxsize=4096)
def _owner_tag(owner: str) -> str:
    return hashlib.blake2b(owner.encode(), digest_size=8).hexdigest()
