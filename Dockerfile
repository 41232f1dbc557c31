# One image, two roles: the API (default command) or a worker (`python -m service.worker.main`).
# Built from requirements.txt only; models for transformers backends are mounted at /models.
FROM python:3.11.7-slim-bookworm AS build
WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
# The CPU build of torch: the default index would bring a multi-GB CUDA build.
RUN /venv/bin/pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

FROM python:3.11.7-slim-bookworm
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ENRICH_BIND=0.0.0.0:8000
RUN useradd --create-home --uid 10001 enrich && mkdir /models && chown enrich /models
COPY --from=build /venv /venv
WORKDIR /app
COPY service/ service/
COPY gunicorn.conf.py openapi.yaml ./
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)" || exit 1
CMD ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
