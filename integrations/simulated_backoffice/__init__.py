"""A fake back office that speaks the JSON webhook contract, for the demo and for tests.

Django-free: run it with ``python -m integrations.simulated_backoffice --port 8765
--secret ...`` or, in tests, start it in a thread with ``start(...)``.
"""

from integrations.simulated_backoffice.server import BackOffice, RunningBackOffice, start

__all__ = ["BackOffice", "RunningBackOffice", "start"]
