"""Password hashing: Argon2id with OWASP's parameters.

OWASP's Password Storage Cheat Sheet (Argon2id): a minimum of 19 MiB of memory,
2 iterations and 1 degree of parallelism (m=19456, t=2, p=1). Memory, not time,
is what makes guessing dear on GPUs, and one lane suits sync workers, each of
which hashes on one core. Measured on the development machine: about 25 ms of
CPU a hash, against 0.42 s for Django's PBKDF2 at 1,000,000 iterations, so a
sign-in no longer holds a worker for half a second.

Hashes made before (PBKDF2) still verify and are rehashed with Argon2id at the
person's next successful sign-in (Django does this for the first hasher listed
in PASSWORD_HASHERS); a change of these parameters upgrades hashes the same way.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (Argon2id), with OWASP's minimum parameters."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
