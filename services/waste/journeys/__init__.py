"""The waste journeys on the core's journey engine (casework.journeys), one module per
feature: each declares its ``Journey`` (steps, what sending makes) and its URLs come from
``JOURNEY.urls(prefix=...)`` in the feature's urls module."""
