"""The builder page: a practice made from a template, with a live preview."""
