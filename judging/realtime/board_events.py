"""Handlers of the /board namespace (hall screens and public pages)."""
