"""What every server process of one deployment shares: the change generation, throttle counts."""
