"""Worker liveness and the reaping of jobs orphaned by a worker that died mid-job.

RQ only notices an abandoned job when its heartbeat expires: job timeout + 60 s for a
non-forking worker, i.e. minutes. Here each worker keeps a short-lived "alive" key fresh from a
background thread; a job whose execution belongs to a worker without that key is orphaned, and
is queued again at once (not after the retry backoff: the article did not fail, its worker did)
while it has retries left, else failed as `worker_lost`. A worker that was only paused and comes
back finds its attempt fenced off (service.queue.attempts): its late result is discarded.
"""

from __future__ import annotations

import json
import logging
import threading

from redis import Redis
from redis.exceptions import WatchError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.executions import Execution
from rq.job import Job, JobStatus
from rq.job_lifecycle import record_job_failure

from service.queue import attempts
from service.queue.events import publish_ended
from service.queue.failures import FailedIndex
from service.queue.jobs import WORKER_LOST
from service.queue.keys import Keys
from service.queue.reports import WorkerReports

log = logging.getLogger("service.worker")


class Liveness:
    def __init__(self, redis: Redis, queue: Queue, worker_name: str, alive_ttl_s: int, failure_ttl_s: int):
        self.redis, self.queue, self.worker_name = redis, queue, worker_name
        self.keys = Keys(queue.name)
        # A worker silent for alive_ttl_s is dead: several missed beats, not one slow one.
        self.alive_ttl_s = alive_ttl_s
        self.beat_s = max(1.0, alive_ttl_s / 4)
        self.failures = FailedIndex(redis, self.keys, failure_ttl_s)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="liveness", daemon=True)

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.redis.delete(self.keys.alive(self.worker_name))

    def beat(self) -> None:
        self.redis.set(self.keys.alive(self.worker_name), 1, ex=self.alive_ttl_s)

    def _run(self) -> None:
        while not self._stop.wait(self.beat_s):
            try:
                self.beat()
                self.reap()
            except Exception:  # a Redis blip must not end the thread
                log.warning("liveness beat failed", exc_info=True)

    def reap(self) -> int:
        """Queue again (or fail) the jobs of dead workers. Returns how many."""
        # One reaper at a time across workers, so the registry is read once per beat.
        if not self.redis.set(self.keys.reaper(), self.worker_name, nx=True, ex=int(self.beat_s * 2) or 1):
            return 0
        registry = self.queue.started_job_registry
        orphaned = 0
        for job_id, execution_id in registry.get_job_and_execution_ids(cleanup=False):
            try:
                execution = Execution.fetch(execution_id, job_id, self.redis)
            except ValueError:
                continue  # finished meanwhile
            owner = execution.worker_name
            if owner and owner != self.worker_name and not self.redis.exists(self.keys.alive(owner)):
                orphaned += self._requeue(job_id, execution)
        if orphaned:
            log.warning("re-queued jobs of dead workers", extra={"jobs": orphaned})
        return orphaned

    def _requeue(self, job_id: str, execution: Execution) -> int:
        try:
            job = Job.fetch(job_id, connection=self.redis, serializer=self.queue.serializer)
        except NoSuchJobError:
            self.queue.started_job_registry.remove_execution(execution)
            return 0
        failed = False
        with self.redis.pipeline() as pipe:
            try:
                # WATCH: of two reapers (or a reaper and the worker waking up), one acts.
                pipe.watch(job.key)
                if pipe.hget(job.key, "status") != JobStatus.STARTED.value.encode():
                    self.queue.started_job_registry.remove_execution(execution)
                    return 0
                pipe.multi()
                execution.delete(job, pipeline=pipe)
                if job.retries_left:
                    job.retries_left -= 1
                    self.queue._enqueue_job(job, pipeline=pipe)
                else:
                    pipe.hset(job.key, attempts.ERROR, json.dumps(WORKER_LOST))
                    record_job_failure(job, "worker lost", pipe)
                    self.failures.add(str(job.meta.get("owner", "")), job.id, pipeline=pipe)
                    failed = True
                pipe.execute()
            except WatchError:
                return 0
        if failed:
            WorkerReports(self.redis, self.keys).record_job({}, WORKER_LOST["code"])
            publish_ended(self.redis, self.keys, job.id)
        return 1
