"""Peers: the same ``GET /users`` list written with other frameworks, for comparison only."""
