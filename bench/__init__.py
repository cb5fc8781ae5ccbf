"""The benchmark of record: ``python bench/run.py``. Not part of the service."""
