"""Writes that touch several rows, each in one transaction."""
