"""URL map: each app brings its own namespaced urls."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from credit_platform import views

handler403 = "credit_platform.views.error_403"
handler404 = "credit_platform.views.error_404"
handler500 = "credit_platform.views.error_500"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("agency/", views.agency_home, name="agency-home"),
    path("manage/", views.manage_home, name="manage-home"),
    path("", include("catalogue.urls")),
    path("", include("collection.urls")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", include("credit_platform.api_urls")),
    path("commitments/", include("commitments.urls")),
    path("", include("disclosure.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
