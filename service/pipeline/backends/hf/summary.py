"""Abstractive summaries from a local sequence-to-sequence model."""

from __future__ import annotations

from service.config import Settings
from service.pipeline.backends.hf.loading import load
from service.pipeline.document import Sentence, Summary
from service.pipeline.text import split_sentences

# Rough token budget per requested sentence of summary.
TOKENS_PER_SENTENCE = 40


class TransformersSummarizer:
    def __init__(self, model_dir: str, settings: Settings):
        self.tokenizer, self.model, self.info, self.window = load("summary", model_dir, settings)

    def summarize(self, text: str, language: str, max_sentences: int) -> Summary:
        import torch

        # News puts its substance first: the opening window is what the model reads.
        encoded = self.tokenizer(text, truncation=True, max_length=self.window, return_tensors="pt")
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=encoded["input_ids"],
                attention_mask=encoded["attention_mask"],
                max_new_tokens=TOKENS_PER_SENTENCE * max_sentences,
                num_beams=1,
            )
        generated = self.tokenizer.decode(output[0], skip_special_tokens=True).strip()
        sentences = split_sentences(generated)[:max_sentences]
        # Generated sentences are not in the body: no offsets.
        chosen = [Sentence(text=s.text, start=None, end=None) for s in sentences]
        return Summary(text=" ".join(s.text for s in chosen), sentences=chosen)
