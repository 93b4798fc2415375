"""Allows `python -m studyguide`."""

from .cli import main

main()
