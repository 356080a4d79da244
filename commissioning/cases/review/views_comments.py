"""Comments on a case: the threads by section, adding a comment, answering one and
resolving a thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.accounts.permissions import Action
from commissioning.cases import access
from commissioning.cases.models import Case, CaseComment
from commissioning.cases.review import comments
from commissioning.cases.review.forms import CommentForm, ReplyForm


def _comment(case: Case, comment: int) -> CaseComment:
    found = case.comments.filter(pk=comment).first()
    if found is None:
        raise Http404("No such comment.")
    return found


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.VIEW)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.case_for(request.user, pk, Action.COMMENT)
        if form.is_valid():
            try:
                comments.comment_add(case=case, user=request.user, **form.cleaned_data)
            except comments.CommentRefused as refused:
                form.add_error(refused.field, str(refused))
            else:
                messages.success(request, "Your comment has been added.")
                return redirect("cases:comments", case.pk)
    actions = access.case_actions(request.user, case)
    return render(
        request,
        "cases/review/comments.html",
        {
            "case": case,
            "form": form,
            "threads": comments.threads(case),
            "may_comment": Action.COMMENT in actions,
            "may_resolve": Action.RESOLVE_COMMENT in actions,
        },
    )


@login_required
def reply(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.COMMENT)
    parent = _comment(case, comment)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            comments.comment_reply(
                case=case, user=request.user, parent=parent, body=form.cleaned_data["body"]
            )
        except comments.CommentRefused as refused:
            form.add_error("body", str(refused))
        else:
            messages.success(request, "Your answer has been added.")
            return redirect("cases:comments", case.pk)
    return render(
        request,
        "cases/review/reply.html",
        {"case": case, "parent": parent, "form": form, "section": comments.SECTION_TITLES},
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int, comment: int) -> HttpResponse:
    case = access.case_for(request.user, pk, Action.RESOLVE_COMMENT)
    found = _comment(case, comment)
    if comments.comment_resolve(case=case, user=request.user, comment=found):
        messages.success(request, "The comment has been resolved.")
    else:
        messages.info(request, comments.ALREADY_RESOLVED)
    return redirect("cases:comments", case.pk)
