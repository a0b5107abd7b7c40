"""eventwire: an open, offline political event data engine (PLOVER events, actors, quotes)."""
__version__ = "0.1.0"
