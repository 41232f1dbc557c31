"""Completion hooks and the delivery loop on a real Redis, with a real receiver on 127.0.0.1:
a job's end schedules its webhook, attempts are signed, retried with backoff, kept, and given up."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from redis import Redis
from rq import Callback, Queue, SimpleWorker
from rq.serializers import JSONSerializer

from service.client.webhooks import verify_signature
from service.config import Settings
from service.pipeline.document import ArticleRequest
from service.queue.batches import BatchStore
from service.queue.jobs import COMPLETION, JobQueue
from service.queue.keys import Keys
from service.queue.webhooks import DeliveryStore
from service.webhooks.dispatcher import Dispatcher
from tests.receiver import Receiver, receiver

SECRET = "tests-webhook-secret-0123"


def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """A job function that ends at once (the real task needs the pipeline)."""
    if payload.get("text") == "fail":
        raise ValueError("asked to fail")
    return {"echo": payload.get("text")}


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings(redis_url: str, settings: Settings) -> Settings:
    return Settings.from_env(
        {},
        redis_url=redis_url,
        queue_name=settings.queue.queue_name,
        webhook_secrets=f"alice:{SECRET}",
        webhook_allow_networks="127.0.0.0/8",
        webhook_backoff_s=1,
        webhook_backoff_max_s=4,
        webhook_retry_for_s=10,
    )


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as running:
        yield running


def run_job(redis: Redis, settings: Settings, text: str, callback_url: str, **meta: Any) -> str:
    """Enqueue `echo` the way JobQueue.submit enqueues the real task, and run it to its end."""
    queue = Queue(settings.queue.queue_name, connection=redis, serializer=JSONSerializer)
    job = queue.enqueue(
        echo,
        ArticleRequest(text=text, callback_url=callback_url).to_json(),
        meta={"owner": "alice", **meta},
        on_success=Callback(COMPLETION + "job_succeeded"),
        on_failure=Callback(COMPLETION + "job_failed"),
    )
    SimpleWorker([queue], connection=redis, serializer=JSONSerializer).work(burst=True)
    return str(job.id)


def dispatcher(redis: Redis, settings: Settings, clock: Clock | None = None) -> Dispatcher:
    return Dispatcher(redis, settings.queue, settings.webhooks, clock=clock or Clock(0))


def attempt_due(d: Dispatcher) -> list[str]:
    """Claim what is due and attempt it here, in this thread."""
    claimed = d.store.claim(d.clock(), 60, 10)
    for delivery_id in claimed:
        d.attempt(delivery_id)
    return claimed


def test_submit_names_the_completion_hooks(redis: Redis, settings: Settings) -> None:
    submitted = JobQueue(redis, settings.queue).submit(ArticleRequest(text="x"), owner="alice")
    from service.queue import completion

    queue = Queue(settings.queue.queue_name, connection=redis, serializer=JSONSerializer)
    job = queue.fetch_job(submitted.job_id)
    assert job is not None
    assert job.success_callback is completion.job_succeeded
    assert job.failure_callback is completion.job_failed


def test_a_finished_job_is_posted_signed(redis: Redis, settings: Settings, hook: Receiver) -> None:
    job_id = run_job(redis, settings, "halo", hook.url)
    d = dispatcher(redis, settings, Clock(time.time()))
    (delivery_id,) = attempt_due(d)
    (got,) = hook.wait_for(1)
    verify_signature(SECRET, got.headers["Enrich-Signature"], got.body)
    job = json.loads(got.body)
    assert (job["id"], job["status"], job["result"]) == (job_id, "finished", {"echo": "halo"})
    assert got.headers["Enrich-Event"] == "job.finished" and got.headers["Enrich-Delivery"] == delivery_id
    (shown,) = DeliveryStore(redis, Keys(settings.queue.queue_name)).of("job", job_id)
    assert (shown["status"], shown["next_attempt_at"], len(shown["attempts"])) == ("delivered", None, 1)
    assert shown["attempts"][0]["status_code"] == 200 and shown["attempts"][0]["error"] is None


def test_a_failed_job_is_posted_once_its_retries_are_spent(
    redis: Redis, settings: Settings, hook: Receiver
) -> None:
    job_id = run_job(redis, settings, "fail", hook.url)
    d = dispatcher(redis, settings, Clock(time.time()))
    attempt_due(d)
    (got,) = hook.wait_for(1)
    assert got.headers["Enrich-Event"] == "job.failed" and json.loads(got.body)["id"] == job_id
    assert json.loads(got.body)["status"] == "failed"


def test_a_failure_that_will_be_retried_is_not_an_end(redis: Redis, settings: Settings) -> None:
    from service.queue import completion

    queue = Queue(settings.queue.queue_name, connection=redis, serializer=JSONSerializer)
    job = queue.enqueue(echo, ArticleRequest(text="x", callback_url="http://127.0.0.1/").to_json())
    job.retries_left = 1
    completion.job_failed(job, redis, ValueError, ValueError("x"), None)
    assert DeliveryStore(redis, Keys(settings.queue.queue_name)).of("job", job.id) == []


def test_retries_back_off_resend_the_same_body_and_give_up(redis: Redis, settings: Settings) -> None:
    with receiver(statuses=[500, 500, 200]) as flaky, receiver(statuses=[503]) as down:
        run_job(redis, settings, "halo", flaky.url)
        run_job(redis, settings, "halo", down.url)
        clock = Clock(time.time())
        d = dispatcher(redis, settings, clock)
        assert len(attempt_due(d)) == 2
        assert attempt_due(d) == []  # nothing due before the backoff
        for _ in range(12):  # 1 s, 2 s, 4 s, 4 s... with up to 10 % jitter, for 10 s
            clock.now += 1.2
            attempt_due(d)
        delivered = flaky.wait_for(3)
        assert len({r.body for r in delivered}) == 1  # every retry sends the first attempt's body
        assert len({r.headers["Enrich-Delivery"] for r in delivered}) == 1
        store = d.store
    assert redis.zcard(store.keys.webhooks_due()) == 0  # one delivered, one given up: nothing due
    (shown,) = store.of("job", json.loads(delivered[0].body)["id"])
    assert shown["status"] == "delivered" and [a["status_code"] for a in shown["attempts"]] == [500, 500, 200]
    gaps = [
        datetime.fromisoformat(b["at"]).timestamp() - datetime.fromisoformat(a["at"]).timestamp()
        for a, b in zip(shown["attempts"], shown["attempts"][1:], strict=False)
    ]
    assert 1 <= gaps[0] < 2.5 and 2 <= gaps[1] < 4  # backoff doubles
    gave_up = store.of("job", json.loads(down.received[0].body)["id"])[0]
    assert gave_up["status"] == "failed" and gave_up["next_attempt_at"] is None
    assert 3 <= len(gave_up["attempts"]) <= 5 and all(a["status_code"] == 503 for a in gave_up["attempts"])


def test_no_secret_for_the_key_fails_the_delivery_for_good(
    redis: Redis, settings: Settings, hook: Receiver
) -> None:
    job_id = run_job(redis, settings, "halo", hook.url, owner="mallory")
    attempt_due(dispatcher(redis, settings, Clock(time.time())))
    (shown,) = DeliveryStore(redis, Keys(settings.queue.queue_name)).of("job", job_id)
    assert shown["status"] == "failed" and "no webhook secret" in shown["attempts"][0]["error"]
    assert hook.received == []


def test_the_body_waits_until_the_job_has_ended(redis: Redis, settings: Settings, hook: Receiver) -> None:
    submitted = JobQueue(redis, settings.queue).submit(ArticleRequest(text="x"), owner="alice")
    store = DeliveryStore(redis, Keys(settings.queue.queue_name))
    now = time.time()
    store.schedule(
        owner="alice", event="job.finished", subject="job", subject_id=submitted.job_id, url=hook.url, now=now
    )
    d = dispatcher(redis, settings, Clock(now))
    (claimed,) = attempt_due(d)
    assert store.attempts(claimed) == [] and hook.received == []  # postponed, not attempted
    assert redis.zscore(store.keys.webhooks_due(), claimed) == pytest.approx(now + 1)


def test_claims_are_exclusive_until_their_lease_ends(redis: Redis, settings: Settings) -> None:
    store = DeliveryStore(redis, Keys(settings.queue.queue_name))
    ids = {
        store.schedule(
            owner="", event="job.finished", subject="job", subject_id=f"j{i}", url="http://x/", now=100
        )
        for i in range(3)
    }
    assert set(store.claim(100, lease_s=30, limit=10)) == ids
    assert store.claim(120, lease_s=30, limit=10) == []  # another worker finds nothing
    assert set(store.claim(131, lease_s=30, limit=2)) <= ids and len(store.claim(131, 30, 10)) == 1


def test_the_last_job_of_a_batch_ends_it_once(redis: Redis, settings: Settings) -> None:
    batches = BatchStore(redis, Keys(settings.queue.queue_name), settings.queue)
    created = batches.create(owner="alice", size=2, accepted=2, rejected=[], callback_url="http://h/")
    assert batches.job_ended(created.batch_id, "a") is None
    end = batches.job_ended(created.batch_id, "b")
    assert end is not None and (end.owner, end.callback_url) == ("alice", "http://h/")
    assert batches.job_ended(created.batch_id, "b") is None  # ended again after a retry: once only
    assert batches.job_ended("no-such-batch", "c") is None
