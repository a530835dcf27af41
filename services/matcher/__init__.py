"""Matcher: matches each normalised event to the trilateral commitments it bears on, with explanations."""
