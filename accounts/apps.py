from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from accounts.models import User
        from accounts.principal import principal_forget

        def forget(sender, instance, **kwargs):
            principal_forget(instance.pk)

        # Every change to a user row, however it is made (allauth, the admin, actions).
        post_save.connect(forget, sender=User, weak=False, dispatch_uid="accounts.principal.save")
        post_delete.connect(
            forget, sender=User, weak=False, dispatch_uid="accounts.principal.delete"
        )

        from allauth.account.signals import password_reset

        from accounts.claims import claimed_by_password_reset

        # A person the contact centre recorded with an e-mail address claims their record
        # by setting a password from the link e-mailed to that address (accounts.claims).
        password_reset.connect(
            claimed_by_password_reset, weak=False, dispatch_uid="accounts.claims.reset"
        )
