"""The portal's own settings, with the benchmark's URLConf (a bare view beside the real pages)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
