"""A running job's progress: shown to clients through GET /v1/jobs/{id}, written sparingly."""

from __future__ import annotations

import time

from flask.testing import FlaskClient
from redis import Redis
from rq.job import Job
from rq.serializers import JSONSerializer

from service.queue import attempts, progress
from service.queue.progress import RunningJob


def started_job(client: FlaskClient, redis: Redis) -> tuple[str, RunningJob]:
    reply = client.post("/v1/articles", json={"text": "Presiden meresmikan jalan tol di Jakarta."})
    job_id = reply.get_json()["id"]
    job = Job.fetch(job_id, connection=redis, serializer=JSONSerializer)
    redis.hset(job.key, "status", "started")  # as a worker marks it
    attempt = attempts.begin(redis, job.key, job_id)
    return job_id, RunningJob(job, attempt)


def test_a_quick_job_shows_its_first_stage_and_skips_the_round_trips_after(
    client: FlaskClient, redis: Redis
) -> None:
    job_id, running = started_job(client, redis)
    running.at_stage("boilerplate")
    running.at_stage("language")  # within the interval: not written
    assert client.get(f"/v1/jobs/{job_id}").get_json()["stage"] == "boilerplate"


def test_a_stage_starting_after_a_slow_one_is_shown(client: FlaskClient, redis: Redis) -> None:
    job_id, running = started_job(client, redis)
    running.at_stage("boilerplate")
    time.sleep(progress.PROGRESS_INTERVAL_S * 2)  # the stage shown ran longer than the interval
    running.at_stage("entities")
    assert client.get(f"/v1/jobs/{job_id}").get_json()["stage"] == "entities"
