"""Handlers of the /judge namespace (judges' tablets)."""
