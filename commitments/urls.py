"""Pages of the commitments app, under /commitments/."""

from __future__ import annotations

from django.urls import path

from commitments import manage_views, views

app_name = "commitments"

urlpatterns = [
    path("", views.commitment_list, name="list"),
    path("<int:pk>/", views.commitment_detail, name="detail"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("subjects/<int:pk>/", views.subject_page, name="subject"),
    path("subjects/<int:subject_pk>/sign/", views.sign, name="sign"),
    path("subjects/<int:subject_pk>/disclose/", views.disclose, name="disclose"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("disclosures/<int:pk>/withdraw/", views.disclosure_withdraw, name="disclosure-withdraw"),
    path(
        "disclosures/<int:pk>/visibility/",
        views.disclosure_visibility,
        name="disclosure-visibility",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("represent/", views.my_subjects, name="my-subjects"),
    path("represent/claim/", views.claim, name="claim"),
    path("represent/<int:pk>/letter/", views.letter, name="letter"),
    path("agency/", views.agency_list, name="agency-list"),
    path("manage/representatives/", manage_views.representations, name="manage-representations"),
    path(
        "manage/representatives/<int:pk>/<str:action>/",
        manage_views.representation_decide,
        name="representation-decide",
    ),
    path("manage/templates/", manage_views.templates, name="manage-templates"),
    path("manage/templates/new/", manage_views.template_new, name="template-new"),
    path("manage/templates/<int:pk>/edit/", manage_views.template_edit, name="template-edit"),
    path(
        "manage/templates/<int:pk>/deactivate/",
        manage_views.template_deactivate,
        name="template-deactivate",
    ),
]
