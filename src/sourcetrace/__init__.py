"""sourcetrace: find state-media articles copied, translated or cut down in social-media posts."""

__version__ = "0.2.0"
