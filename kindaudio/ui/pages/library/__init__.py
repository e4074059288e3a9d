"""The Library page: every practice as a card, the Silent Timer, and the person's own files."""
