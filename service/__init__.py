"""Article-enrichment API: request -> validation -> queue -> worker -> pipeline stages -> result."""
