"""The catalog: assets (images, later videos) and the things they refer to."""
