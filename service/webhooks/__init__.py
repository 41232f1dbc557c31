"""Completion webhooks on the worker side: where a webhook may go (addresses), how it is signed
(signing), the one HTTP call (transport, delivery) and the loop that drains due deliveries
(dispatcher). The web process only schedules deliveries (service.queue.webhooks); it never
imports the code that makes the calls (an import-linter contract in pyproject.toml)."""
