"""transformers backends: any Hugging Face model kept on local disk, one per stage (and language).

Only workers configured with ENRICH_<STAGE>_MODEL import this package, and with it torch.
"""
