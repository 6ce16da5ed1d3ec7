"""Street reporting on the core's journey engine (casework.journeys): ``report`` declares
the journey (steps, what sending makes); its URLs come from ``JOURNEY.urls(prefix=...)``
in ``services/highways/urls/report.py``."""
