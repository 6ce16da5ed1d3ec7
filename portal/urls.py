from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from portal import views

admin.site.site_header = "Portal administration"
admin.site.site_title = "Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.page("pages/privacy.html"), name="privacy"),
    path("accessibility/", views.page("pages/accessibility.html"), name="accessibility"),
    path("cookies/", views.page("pages/cookies.html"), name="cookies"),
    path("account/", views.account_home, name="account_home"),
    path(
        "account/messages/<int:message_id>/dismiss/",
        views.home_message_dismiss,
        name="home_message_dismiss",
    ),
    path("account/", include("accounts.urls")),
    # allauth's sign-up, made all or nothing (accounts.views.SignupView), under its own name.
    path("account/signup/", accounts_views.signup, name="account_signup"),
    # allauth's pages one by one (not allauth.urls, whose old unnamed redirects no one uses):
    # accounts, then the council identity provider's staff sign-in (accounts.staff_sign_in).
    path("account/", include("allauth.account.urls")),
    path("account/3rdparty/", include("allauth.socialaccount.urls")),
    path("account/", include("allauth.socialaccount.providers.openid_connect.urls")),
    # Before any other "requests/" include, so that "saved" is never read as a reference.
    path("requests/saved/", include("casework.resident.draft_urls")),
    path("requests/", include("casework.resident.urls")),
    path("services/general/", include("services.general.urls")),
    path("services/forms/", include("services.forms.urls")),
    path("waste/", include("services.waste.urls")),
    path("street/", include("services.highways.urls")),
    path("council-tax/", include("services.counciltax.urls")),
    path("documents/", include("documents.urls")),
    path("business-rates/", include("services.businessrates.urls")),
    path("housing-benefit-landlords/", include("services.landlords.urls")),
    path("housing/", include("services.housing.urls")),
    path("local/", include("services.local.urls")),
    path("complaints/", include("services.complaints.urls")),
    path("performance/", include("insight.urls")),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/members/", include("services.members.urls")),
    path("staff/", include("casework.staff.urls")),
    path("staff/forms/", include("services.forms.staff_urls")),
    path("staff/waste/", include("services.waste.staff_urls")),
    path("staff/council-tax/", include("services.counciltax.staff_urls")),
    path("staff/complaints/", include("services.complaints.staff_urls")),
    path("staff/bookings/", include("casework.bookings.staff_urls")),
    path("staff/assisting/link/", include("linking.staff_urls")),
    path("staff/assisting/", include("accounts.assisting_urls")),
    path("staff/insight/", include("insight.staff_urls")),
    path("admin/", admin.site.urls),
    path("integrations/", include("casework.inbound.urls")),
    path("integrations/notify/", include("integrations.notify.urls")),
    path("integrations/pay/", include("integrations.pay.webhook_urls")),
    path("pay/", include("integrations.pay.urls")),
    path("open311/v2/", include("integrations.open311.urls")),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
