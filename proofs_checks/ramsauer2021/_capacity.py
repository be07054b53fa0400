"""Checks of the capacity and retrieval claims of Ramsauer et al. (2021)."""
