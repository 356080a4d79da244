"""Routes for one part of the assessment app, added to ``urls.py`` before the
question route (whose three-segment pattern would otherwise catch them).

Sharing an assessment: who takes part, invitations (to anyone, including partners
from other organisations) and the ratings the group agrees."""

from django.urls import path

from commissioning.assessment.views import consensus, people

urlpatterns: list = [
    path("<uuid:pk>/people/", people.people, name="people"),
    path("<uuid:pk>/people/invite/", people.people_invite, name="people_invite"),
    path(
        "<uuid:pk>/people/invitations/<int:invitation>/withdraw/",
        people.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(
        "<uuid:pk>/people/<int:participant>/remove/",
        people.participant_remove,
        name="participant_remove",
    ),
    path("invitations/<str:token>/", people.invitation_accept, name="invitation_accept"),
    path("<uuid:pk>/consensus/", consensus.consensus, name="consensus"),
    path("<uuid:pk>/consensus/<slug:code>/", consensus.consensus_record, name="consensus_record"),
]
