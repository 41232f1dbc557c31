"""The enrichment pipeline: stages, their backends, and the registry that picks them.

Importing this package is cheap: heavy backends (models, transformers) load only when the
registry builds them, which workers do once at start.
"""
