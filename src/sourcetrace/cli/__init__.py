"""Command-line interface: thin adapters over the library (parse, load, call, format)."""
