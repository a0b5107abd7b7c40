"""Actors: the knowledge base, mention finding and resolution to country, sectors and name."""
