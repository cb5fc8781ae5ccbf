"""What connects the rules to the world outside the process: the database set-up and its
client, the outbox relay task, the taxonomy of outages of the database and Redis.

The rules in ``domain/`` import nothing from here (an import-linter contract says so); the
transports, the edge and the commands do.
"""
