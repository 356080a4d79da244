"""Routes for one part of the assessment app, added to ``urls.py`` before the
question route (whose three-segment pattern would otherwise catch them)."""

urlpatterns: list = []
