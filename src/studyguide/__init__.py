"""studyguide: printable interview study guides from a YAML question bank."""

__version__ = "0.1.0"
