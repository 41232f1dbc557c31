"""Load a local model directory once, check it fits the stage, and prepare it for CPU inference."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from service.config import ConfigError, TransformersOptions
from service.pipeline.document import BackendInfo

# Never reach a model hub, whatever the environment says.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Head each stage needs, as named in config.json "architectures" (e.g. BertForTokenClassification).
HEADS = {
    "entities": "ForTokenClassification",
    "sentiment": "ForSequenceClassification",
    "language": "ForSequenceClassification",
    "summary": "ForConditionalGeneration",
}


def read_config(stage: str, model_dir: str) -> dict[str, Any]:
    """The model's config.json, after checking the directory holds a model for this stage."""
    env = f"ENRICH_{stage.upper()}_MODEL"
    path = Path(model_dir)
    config_file = path / "config.json"
    if not config_file.is_file():
        raise ConfigError(
            f"{env}: {model_dir} has no config.json; save the model there with "
            "model.save_pretrained(dir) and tokenizer.save_pretrained(dir)"
        )
    config: dict[str, Any] = json.loads(config_file.read_text(encoding="utf-8"))
    architectures = config.get("architectures") or []
    if not any(HEADS[stage] in name for name in architectures):
        raise ConfigError(
            f"{env}: {model_dir} is a {architectures or 'headless'} model; the {stage} stage needs a "
            f"*{HEADS[stage]} model (fine-tuned for the task)"
        )
    return config


@dataclass(frozen=True)
class Loaded:
    """A model ready for inference, and what every backend derives from it."""

    tokenizer: Any
    model: Any
    info: BackendInfo
    window: int  # tokens per window: the setting, capped by what the model accepts


def load(stage: str, model_dir: str, options: TransformersOptions) -> Loaded:
    """Tokenizer and model in eval mode, threads set, optionally int8, with their BackendInfo."""
    import torch
    from transformers import (
        AutoModelForSeq2SeqLM,
        AutoModelForSequenceClassification,
        AutoModelForTokenClassification,
        AutoTokenizer,
    )
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # worker logs are for humans and JSON, not progress bars

    config = read_config(stage, model_dir)
    model_class: Any = {
        "entities": AutoModelForTokenClassification,
        "sentiment": AutoModelForSequenceClassification,
        "language": AutoModelForSequenceClassification,
        "summary": AutoModelForSeq2SeqLM,
    }[stage]
    torch.set_num_threads(options.torch_threads)
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        model = model_class.from_pretrained(model_dir, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"ENRICH_{stage.upper()}_MODEL: cannot load {model_dir}: {exc}") from None
    model.eval()
    if options.quantize == "int8":
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    info = BackendInfo(
        backend="transformers",
        version=version("transformers"),
        model=describe(model_dir, config, options.quantize),
    )
    window = min(options.window_tokens, getattr(tokenizer, "model_max_length", 512) or 512)
    return Loaded(tokenizer, model, info, window)


def describe(model_dir: str, config: dict[str, Any], quantize: str) -> str:
    """What `models` in the result names: directory, model name and revision when recorded."""
    name = config.get("_name_or_path") or Path(model_dir).name
    revision = config.get("transformers_version", "?")
    suffix = ", int8" if quantize == "int8" else ""
    return f"{model_dir} ({name}, saved with transformers {revision}{suffix})"
