"""marshmallow schemas: the single source of truth for every request and response shape (the
OpenAPI document is generated from them)."""
