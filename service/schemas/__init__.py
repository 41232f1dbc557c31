"""marshmallow schemas: the single source of truth for every request and response shape."""
