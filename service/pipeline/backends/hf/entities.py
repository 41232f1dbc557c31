"""Token classification over overlapping windows, with offsets mapped back to the body exactly."""

from __future__ import annotations

from typing import Any

from service.config import ConfigError, Settings
from service.pipeline.backends.hf.loading import load
from service.pipeline.document import Entity
from service.pipeline.entity_grouping import Span, group_mentions

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


class TransformersEntityRecognizer:
    def __init__(self, model_dir: str, settings: Settings):
        self.tokenizer, self.model, self.info, self.window = load("entities", model_dir, settings)
        self.labels = label_types(self.model.config.id2label, model_dir)
        self.stride = min(settings.window_stride, self.window // 2)
        self.batch_size = settings.batch_size

    def token_probabilities(self, text: str) -> list[tuple[int, int, list[float]]]:
        """(start, end, label probabilities) per token of `text`, in order; a token seen in
        several overlapping windows gets the mean of its probabilities."""
        import numpy as np
        import torch

        encoded = self.tokenizer(
            text,
            return_offsets_mapping=True,
            return_overflowing_tokens=True,
            return_special_tokens_mask=True,
            truncation=True,
            max_length=self.window,
            stride=self.stride,
            padding=True,
            return_tensors="pt",
        )
        offsets, probabilities = [], []
        with torch.inference_mode():
            for first in range(0, encoded["input_ids"].shape[0], self.batch_size):  # windows, batched
                batch = slice(first, first + self.batch_size)
                inputs = {
                    k: encoded[k][batch]
                    for k in ("input_ids", "attention_mask", "token_type_ids")
                    if k in encoded
                }
                spans = encoded["offset_mapping"][batch].numpy()
                # Padding and special tokens have empty spans or are flagged: they carry no text.
                keep = (encoded["special_tokens_mask"][batch].numpy() == 0) & (spans[..., 0] < spans[..., 1])
                offsets.append(spans[keep])
                probabilities.append(self.model(**inputs).logits.softmax(-1).numpy()[keep])
        if not offsets:
            return []
        unique, inverse, counts = np.unique(
            np.concatenate(offsets), axis=0, return_inverse=True, return_counts=True
        )
        sums = np.zeros((len(unique), probabilities[0].shape[-1]))
        np.add.at(sums, inverse.ravel(), np.concatenate(probabilities))
        means = sums / counts[:, None]
        return [(int(start), int(end), row.tolist()) for (start, end), row in zip(unique, means, strict=True)]

    def extract(self, text: str, language: str) -> list[Entity]:
        # [start, end, type, scores] per chunk; word pieces follow their word's first piece.
        chunks: list[list[Any]] = []
        open_chunk: list[Any] | None = None
        previous_end = -1
        for start, end, probabilities in self.token_probabilities(text):
            best = max(range(len(probabilities)), key=probabilities.__getitem__)
            prefix, kind = self.labels[best]
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
