"""Worker side: the RQ entry point (loads backends once) and the task it runs."""
