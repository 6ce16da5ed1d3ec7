from django.urls import path

from accounts import reminder_stop_views, views

app_name = "accounts"

urlpatterns = [
    # Stop a reminder from its message, without signing in (accounts.reminder_stops).
    path("reminders/stop/<str:token>/", reminder_stop_views.reminder_stop, name="reminder_stop"),
    path("details/name/", views.details_name, name="details_name"),
    path("details/phone/", views.details_phone, name="details_phone"),
    path("details/account-type/", views.details_account_type, name="details_account_type"),
    path("details/address/", views.address_find, name="address_find"),
    path("details/address/choose/", views.address_choose, name="address_choose"),
    path("details/address/manual/", views.address_manual, name="address_manual"),
    path("details/tell-us-once/", views.tell_us_once_offer, name="tell_us_once"),
    path("preferences/", views.preferences, name="preferences"),
    path("security/", views.security, name="security"),
    path("security/verify/", views.verify, name="verify"),
    path("security/app/", views.device_add_app, name="device_add_app"),
    path("security/email/", views.device_add_email, name="device_add_email"),
    path("security/text/", views.device_add_sms, name="device_add_sms"),
    path("security/text/confirm/", views.device_confirm_sms, name="device_confirm_sms"),
    path(
        "security/device/<str:kind>/<int:device_id>/remove/",
        views.device_remove,
        name="device_remove",
    ),
    path("security/backup-codes/", views.backup_codes, name="backup_codes"),
    path("your-data/", views.data_download, name="data_download"),
    path("your-data/download.json", views.data_download_json, name="data_download_json"),
    path("close/", views.close_account, name="close"),
    path("claim/", views.claim, name="claim"),
]
