"""The foundation every layer stands on: errors, where things live, safe writes, settings, safe text."""
