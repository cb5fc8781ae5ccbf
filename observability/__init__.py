"""Operating the service: request ids, access logs, Prometheus metrics and health checks.

Nothing here knows a rule of the domain; transports report what they saw (an error code,
a GraphQL operation name) into the current request's record, and the access middleware
turns each request into one log line and a few metric samples.
"""
