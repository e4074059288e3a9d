"""Helpers shared by test modules: plain functions and classes, imported as tests.support.<module>."""
