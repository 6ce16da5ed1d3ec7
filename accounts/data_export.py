"""'Download my data' (UK GDPR right of access) and what closing an account clears.

accounts knows only its own data. Other apps plug in through two registries
(core.registry), from their AppConfig.ready() or their service's definition
(casework.registry.ServiceDefinition ``data_export`` and ``on_account_closed``):
``sections.register("cases", fn)`` with ``fn(user) -> JSON-serialisable data``, and
``closing_hooks.register("casework", fn)`` with ``fn(user)`` run inside the transaction
that closes an account (retention rules). accounts never imports them.
"""

from collections.abc import Callable

from core.registry import Registry

sections: Registry[Callable] = Registry("data export sections")
closing_hooks: Registry[Callable] = Registry("account closing hooks")
