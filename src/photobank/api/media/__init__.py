"""The media skin: display renditions and signed deliveries (not part of Getty's v3 paths)."""
