"""Built-in named-entity backend: CRFs with lexicon features and repair rules, by concern:

lexicons (word lists and shipped tables) -> tokenizer (tokens, sequences from the pipeline's
sentences) -> features (CRF attributes) -> decoding (tags to chunks) -> repair (lexicon rules)
-> recognizer (the backend, one model per language; mentions grouped by entity_grouping).
"""

from service.pipeline.backends.builtin.entities.recognizer import CrfEntityRecognizer

__all__ = ["CrfEntityRecognizer"]
