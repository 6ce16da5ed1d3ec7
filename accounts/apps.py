from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _staff_signed_in(sender, request, user, sociallogin=None, **kwargs):
    from accounts.staff_sign_in import (  # deferred: AppConfig module, loads before models
        is_staff_provider,
        on_staff_signed_in,
    )

    if sociallogin is not None and is_staff_provider(sociallogin):
        on_staff_signed_in(request, user, sociallogin)


def _sync_roles(sender, using="default", **kwargs):
    from accounts.roles import sync_roles  # deferred: AppConfig module, loads before models

    sync_roles(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.data_export import closing_hooks, sections
        from integrations.pay import privacy as payments_privacy

        # The person's payments (integrations.pay, a layer below): in "download my data",
        # and kept or cleared by the retention rules when the account closes.
        sections.register("payments", payments_privacy.payments_export)
        closing_hooks.register("payments", payments_privacy.on_account_closed)

        from accounts.models import User
        from accounts.principal import principal_changed

        def forget(sender, instance, **kwargs):
            principal_changed(instance)

        # Every change to a user row, however it is made (allauth, the admin, actions).
        post_save.connect(forget, sender=User, weak=False, dispatch_uid="accounts.principal.save")
        post_delete.connect(
            forget, sender=User, weak=False, dispatch_uid="accounts.principal.delete"
        )
        from allauth.account.signals import password_reset, user_logged_in

        from accounts.claims import claimed_by_password_reset

        # Staff signed in by the council's identity provider: roles and second factor.
        user_logged_in.connect(
            _staff_signed_in, weak=False, dispatch_uid="accounts.staff_sign_in.signed_in"
        )
        # The staff roles and their permissions, after every migrate and test-database
        # flush: once per run, when the casework app (whose permissions they are) is done.
        post_migrate.connect(
            _sync_roles,
            sender=self.apps.get_app_config("casework"),
            weak=False,
            dispatch_uid="accounts.roles.sync",
        )
        # A person the contact centre recorded with an e-mail address claims their record
        # by setting a password from the link e-mailed to that address (accounts.claims).
        password_reset.connect(
            claimed_by_password_reset, weak=False, dispatch_uid="accounts.claims.reset"
        )
