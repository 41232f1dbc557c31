"""One module per enrichment stage. Each declares the small interface its backends implement."""
