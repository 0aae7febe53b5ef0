"""photobank in front of another Getty-compatible server: forwarding, recording, replay, spy."""
