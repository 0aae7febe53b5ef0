"""Getty's AI generator: generations painted from prompts, their variations,
download sizes and licensed downloads, each pending for a while as Getty's are."""
