"""What the service is told: settings read from the environment, validated at start.

The bottom layer: it imports nothing of the project, so every layer may read it.
"""
