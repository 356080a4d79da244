"""Routes for sharing, comments and sign-off, included in ``cases.urls`` (before the
builder's catch-all step pattern)."""

from django.urls import path

from commissioning.cases.review import views_comments, views_sharing, views_signoff

urlpatterns = [
    path("invitations/<str:token>/", views_sharing.accept, name="invitation_accept"),
    path("<int:pk>/people/", views_sharing.people, name="people"),
    path("<int:pk>/people/invite/", views_sharing.invite, name="invite"),
    path(
        "<int:pk>/people/invitations/<int:invitation>/withdraw/",
        views_sharing.withdraw,
        name="invitation_withdraw",
    ),
    path("<int:pk>/people/<int:share>/remove/", views_sharing.remove, name="share_remove"),
    path("<int:pk>/comments/", views_comments.page, name="comments"),
    path("<int:pk>/comments/<int:comment>/reply/", views_comments.reply, name="comment_reply"),
    path(
        "<int:pk>/comments/<int:comment>/resolve/", views_comments.resolve, name="comment_resolve"
    ),
    path("<int:pk>/sign-off/", views_signoff.status, name="signoff"),
    path("<int:pk>/sign-off/ask/", views_signoff.ask, name="signoff_ask"),
    path("<int:pk>/sign-off/review/", views_signoff.review, name="signoff_review"),
    path("<int:pk>/sign-off/decide/", views_signoff.decide, name="signoff_decide"),
    path("<int:pk>/next-steps/", views_signoff.next_steps, name="next_steps"),
]
