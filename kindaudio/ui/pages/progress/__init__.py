"""The Progress page: what was practised and how it felt, read from the journal."""
