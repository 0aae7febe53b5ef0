"""What every server process of one deployment shares, in files or in Redis: the change
generation, throttle counts, failed credential checks, the emulator's state."""
