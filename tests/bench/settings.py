"""The portal's own settings, with the benchmark's URLConf (a bare view beside the real pages)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"

# M5 measures what a refused sign-in costs, many times a second from one address: with
# allauth's rate limits on, all but the first few would be refused before any hashing.
ACCOUNT_RATE_LIMITS = False
