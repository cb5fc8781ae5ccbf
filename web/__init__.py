"""HTTP concerns shared by GraphQL and the REST facade: request ids, body limits, headers.

Nothing here knows a domain rule; it guards the transports before a request reaches them.
"""
