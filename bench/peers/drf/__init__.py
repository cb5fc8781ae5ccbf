"""The list in Django REST framework, as a Django backend like Flowback's own would serve it.

Token authentication, limit/offset pagination, a ``ModelSerializer`` over the service's
``users`` table (unmanaged models: Django never migrates it), gunicorn with one sync worker.
Started by ``python bench/peers/drf/serve.py --port P`` with ``FLOWBACK_DATABASE_URL`` set.
"""
