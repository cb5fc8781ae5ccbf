"""Flowback's account rules, written once and shared by every transport.

Nothing in this package imports strawberry or starlette: ``schema`` renders these
functions as GraphQL and ``rest_facade`` renders the same calls as the REST API.
"""
