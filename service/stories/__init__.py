"""Story linking across articles: near-copies (MinHash + LSH over word shingles) and reports of the
same event (terms and entities against story centroids), kept in Redis, shared by every worker.

`signatures` turns an enriched article into what is compared (no Redis); `index` keeps the state
in Redis (one Lua script links an article atomically); `linker` is the story stage's backend;
`store` reads a story back for the API. Only `store` is imported by the web process.
"""
