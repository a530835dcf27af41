"""Ingest: turns raw reports into normalised events; rejects go to the dead-letter topic."""
