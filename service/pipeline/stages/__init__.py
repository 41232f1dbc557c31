"""One module per stage, each declaring a `STAGE` (service.pipeline.stage.Stage): its name, the
feature a client asks for, what it requires and assigns, how the result shows it, its backends."""
