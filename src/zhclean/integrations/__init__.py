"""Adapters for data engines (optional extras): `zhclean.integrations.ray`."""
