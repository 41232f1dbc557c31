"""Token classification over overlapping windows, with offsets mapped back to the body exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from service.config import ConfigError, TransformersOptions
from service.pipeline.backends.hf.base import WindowedModel
from service.pipeline.document import BODY, Article, Entity
from service.pipeline.entity_grouping import Span, group_mentions

if TYPE_CHECKING:
    import numpy as np

# Entity labels of common NER datasets (CoNLL, OntoNotes, WikiANN, IndoNLU) -> service types.
LABEL_TYPES = {
    "PER": "PERSON", "PERSON": "PERSON", "PPL": "PERSON",
    "ORG": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION", "ORGANISATION": "ORGANIZATION", "IND": "ORGANIZATION",
    "NORP": "ORGANIZATION",
    "LOC": "LOCATION", "LOCATION": "LOCATION", "GPE": "LOCATION", "PLACE": "LOCATION", "PLC": "LOCATION",
    "FAC": "LOCATION",
    "EVT": "EVENT", "EVENT": "EVENT",
    "PRODUCT": "PRODUCT", "PRD": "PRODUCT", "FNB": "PRODUCT",
    "MISC": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip
# OntoNotes' numeric classes are not named entities for news users.
IGNORED = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


def label_types(id2label: dict[Any, str], model_dir: str) -> list[tuple[str, str | None]]:
    """Per label id: (BIO prefix, service type or None for O/ignored). Unknown labels fail at start."""
    table: list[tuple[str, str | None]] = []
    unknown = []
    for index in range(len(id2label)):
        label = str(id2label.get(index, id2label.get(str(index), ""))).upper()
        prefix, _, name = label.partition("-") if "-" in label else ("B", "", label)
        if label == "O" or name in IGNORED:
            table.append(("O", None))
        elif name in LABEL_TYPES:
            table.append((prefix if prefix in ("B", "I", "E", "S") else "B", LABEL_TYPES[name]))
        else:
            unknown.append(label)
            table.append(("O", None))
    if unknown:
        raise ConfigError(
            f"ENRICH_ENTITIES_MODEL: labels {unknown} of {model_dir} do not map to an entity type; "
            f"use BIO labels over {sorted(LABEL_TYPES)} (config.json id2label)"
        )
    return table


class TransformersEntityRecognizer(WindowedModel[list[Entity]]):
    stage = "entities"
    offsets = True

    def __init__(self, model_dir: str, options: TransformersOptions) -> None:
        super().__init__(model_dir, options)
        self.labels = label_types(self.model.config.id2label, model_dir)
        self.stride = min(options.window_stride, self.window // 2)

    def postprocess(self, article: Article, inputs: Any, outputs: np.ndarray) -> list[Entity]:
        text = article[BODY]
        return decode(text, self.token_probabilities(inputs, outputs), self.labels)

    def token_probabilities(self, inputs: Any, logits: np.ndarray) -> list[tuple[int, int, list[float]]]:
        """(start, end, label probabilities) per token, in text order; a token seen in several
        overlapping windows gets the mean of its probabilities."""
        import numpy as np

        if not len(logits):
            return []
        spans = inputs["offset_mapping"].numpy()
        # Padding and special tokens have empty spans or are flagged: they carry no text.
        keep = (inputs["special_tokens_mask"].numpy() == 0) & (spans[..., 0] < spans[..., 1])
        exp = np.exp(logits - logits.max(-1, keepdims=True))
        probabilities = (exp / exp.sum(-1, keepdims=True))[keep]
        unique, inverse, counts = np.unique(spans[keep], axis=0, return_inverse=True, return_counts=True)
        sums = np.zeros((len(unique), probabilities.shape[-1]))
        np.add.at(sums, inverse.ravel(), probabilities)
        means = sums / counts[:, None]
        return [(int(start), int(end), row.tolist()) for (start, end), row in zip(unique, means, strict=True)]


def decode(
    text: str, tokens: list[tuple[int, int, list[float]]], labels: list[tuple[str, str | None]]
) -> list[Entity]:
    """BIO chunks from per-token probabilities; word pieces follow their word's first piece."""
    chunks: list[list[Any]] = []  # [start, end, type, scores]
    open_chunk: list[Any] | None = None
    previous_end = -1
    for start, end, probabilities in tokens:
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        prefix, kind = labels[best]
        word_piece = start == previous_end and text[start - 1 : start].isalnum()
        previous_end = end
        if word_piece:
            if open_chunk is not None and open_chunk[1] == start:
                open_chunk[1] = end
            continue
        if kind is None:
            open_chunk = None
        elif open_chunk is not None and prefix in ("I", "E") and open_chunk[2] == kind:
            open_chunk[1] = end
            open_chunk[3].append(probabilities[best])
        else:
            open_chunk = [start, end, kind, [probabilities[best]]]
            chunks.append(open_chunk)
    spans = [Span(text[a:b], a, b, kind, sum(p) / len(p)) for a, b, kind, p in chunks]
    return group_mentions(text, spans)
