"""The package version (one place: the grammar cache keys on it, ``zfxxgk --version`` prints it)."""

__version__ = "0.1.0"
