from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", **kwargs):
    from accounts.roles import sync_roles

    sync_roles(using=using)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from accounts.models import User
        from accounts.principal import principal_forget

        def forget(sender, instance, **kwargs):
            principal_forget(instance.pk)

        # Every change to a user row, however it is made (allauth, the admin, actions).
        post_save.connect(forget, sender=User, weak=False, dispatch_uid="accounts.principal.save")
        post_delete.connect(
            forget, sender=User, weak=False, dispatch_uid="accounts.principal.delete"
        )
        # The staff roles and their permissions, after every migrate and test-database
        # flush: once per run, when the casework app (whose permissions they are) is done.
        post_migrate.connect(
            _sync_roles,
            sender=self.apps.get_app_config("casework"),
            weak=False,
            dispatch_uid="accounts.roles.sync",
        )
