"""Checks of the dynamics claims of Ramsauer et al. (2021)."""
