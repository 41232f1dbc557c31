"""Worker liveness and the reaping of jobs orphaned by a worker that died mid-job.

RQ only notices an abandoned job when its heartbeat expires: job timeout + 60 s for a
non-forking worker, i.e. minutes. Here each worker keeps a short-lived "alive" key fresh from a
background thread; a job whose execution belongs to a worker without that key is orphaned, and
is handed to RQ's own abandoned-job path (retried while it has retries left, else failed).
"""

from __future__ import annotations

import logging
import threading

from redis import Redis
from rq import Queue
from rq.executions import Execution

from service.queue.keys import Keys

log = logging.getLogger("service.worker")

BEAT_S = 5  # how often a worker says it is alive and looks for orphans
ALIVE_TTL_S = 20  # a worker silent this long is dead (several missed beats, not one slow one)


class Liveness:
    def __init__(self, redis: Redis, queue: Queue, worker_name: str):
        self.redis, self.queue, self.worker_name = redis, queue, worker_name
        self.keys = Keys(queue.name)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="liveness", daemon=True)

    def start(self) -> None:
        self.beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.redis.delete(self.keys.alive(self.worker_name))

    def beat(self) -> None:
        self.redis.set(self.keys.alive(self.worker_name), 1, ex=ALIVE_TTL_S)

    def _run(self) -> None:
        while not self._stop.wait(BEAT_S):
            try:
                self.beat()
                self.reap()
            except Exception:  # a Redis blip must not end the thread
                log.warning("liveness beat failed", exc_info=True)

    def reap(self) -> int:
        """Expire the executions of dead workers so RQ retries their jobs now. Returns how many."""
        # One reaper at a time across workers: two would retry the same job twice.
        if not self.redis.set(self.keys.reaper(), self.worker_name, nx=True, ex=BEAT_S * 2):
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
                self.redis.zadd(registry.key, {f"{job_id}:{execution_id}": 0}, xx=True)
                orphaned += 1
        if orphaned:
            log.warning("re-queueing jobs of dead workers", extra={"jobs": orphaned})
            registry.cleanup()
        return orphaned
