"""Benchmarks (`make bench`): requests per second through gunicorn, reported as ratios.

Not tests: nothing here is collected by pytest (no ``test_*`` files) and nothing
asserts a timing. See README.md in this folder for what is measured and how.
"""
