"""Test support shared by every app's tests and the browser tests: factories and fixtures.

Loaded as a pytest plugin from the repository's ``conftest.py``; never imported by the product.
"""
