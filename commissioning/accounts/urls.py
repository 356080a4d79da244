from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from commissioning.accounts import views
from commissioning.accounts.forms import (
    LoginForm,
    StyledPasswordChangeForm,
    StyledPasswordResetForm,
    StyledSetPasswordForm,
)
from commissioning.datasafety import views as datasafety_views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-your-email/", views.signup_sent, name="signup_sent"),
    path("confirm/resend/", views.confirmation_resend, name="confirmation_resend"),
    path("confirm/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("delete/", views.account_delete, name="delete"),
    path("my-data.json", datasafety_views.my_data, name="my_data"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=StyledPasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=StyledPasswordResetForm,
            email_template_name="emails/password_reset.txt",
            html_email_template_name="emails/password_reset.html",
            subject_template_name="emails/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=StyledSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", views.invitation_create, name="invitation_create"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/role/",
        views.member_role,
        name="member_role",
    ),
    path("organisations/<int:pk>/leave/", views.organisation_leave, name="organisation_leave"),
    path("organisations/<int:pk>/activity/", datasafety_views.activity, name="activity"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
