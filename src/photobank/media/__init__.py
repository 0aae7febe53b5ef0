"""Media: original files, display renditions, signed delivery URLs."""
