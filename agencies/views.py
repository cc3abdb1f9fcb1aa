"""Choosing which of the user's partnerships to work in."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from core.forms import gds_form_helper, posted

from .current import choose_partnership
from .scoping import memberships_of


class ChoosePartnershipForm(forms.Form):
    partnership = forms.TypedChoiceField(
        label="Which partnership do you want to work in?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a partnership",
            "invalid_choice": "Choose one of your partnerships",
        },
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [
            (m.partnership_id, f"{m.partnership.name} ({m.get_role_display().lower()})") for m in memberships
        ]
        self.helper = gds_form_helper(
            Field.radios("partnership", legend_size=Size.LARGE, legend_tag="h1"), submit="Continue"
        )


@login_required
def switch_partnership(request):
    memberships = list(memberships_of(request.user))
    initial = {"partnership": request.membership.partnership_id} if request.membership else {}
    form = ChoosePartnershipForm(posted(request), memberships=memberships, initial=initial)
    if request.method == "POST" and form.is_valid():
        choose_partnership(request, form.cleaned_data["partnership"])
        return redirect("start")
    return render(
        request,
        "agencies/switch_partnership.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
