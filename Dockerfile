# One image, two roles, chosen by the command:
#   API (default):  gunicorn -c gunicorn.conf.py service.wsgi:app      (port 8000, GET /healthz)
#   worker:         python -m service.worker.main                      (no port; run it with
#                   `docker run --no-healthcheck ...` or `healthcheck: {disable: true}` in compose,
#                   since the HEALTHCHECK below probes the API)
# Built from requirements.txt only. Models for transformers backends live under /models: mount a
# volume there (read-only is fine) or bake them into a derived image (`FROM enrich` +
# `COPY my-models/ /models/`), then set ENRICH_<STAGE>_MODEL=/models/<dir>.
# The base is pinned to an exact tag; pin it by digest too where the registry is reachable
# (`FROM python:3.11.7-slim-bookworm@sha256:...`); both stages must use the same base, because
# the virtualenv built in the first links to the second's /usr/local/bin/python3.11.

FROM python:3.11.7-slim-bookworm AS build
WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
# The CPU build of torch: the extra index serves torch==X+cpu, which pip prefers to PyPI's X
# (a multi-GB CUDA build on Linux).
RUN /venv/bin/pip install --no-cache-dir --disable-pip-version-check \
      --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

FROM python:3.11.7-slim-bookworm
LABEL org.opencontainers.image.title="article-enrichment" \
      org.opencontainers.image.description="Article-enrichment API and RQ worker"
# Caches and gunicorn's control socket go to /tmp: the root filesystem can be read-only
# (Kubernetes mounts an emptyDir at /tmp). Nothing is downloaded at run time.
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    XDG_CACHE_HOME=/tmp/.cache \
    XDG_RUNTIME_DIR=/tmp \
    ENRICH_BIND=0.0.0.0:8000
RUN groupadd --gid 10001 enrich \
 && useradd --no-log-init --create-home --uid 10001 --gid 10001 enrich \
 && mkdir /models
COPY --from=build /venv /venv
WORKDIR /app
# Code and data stay root-owned: the service user can read them, not change them.
COPY service/ service/
COPY gunicorn.conf.py ./
RUN python -m compileall -q service
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
