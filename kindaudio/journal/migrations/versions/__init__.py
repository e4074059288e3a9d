"""One file per schema revision; each must keep working on data written by all earlier ones."""
