"""The Player page: what is playing, how long is left, and a way to pause and ground."""
