"""Live judging operations: what judges submit, what the chair unlocks and finalises, the stage."""
