"""The business manager's add, change and remove pages, declared once per kind of thing.

A `Managed` says what the pages need: the model and its form, the titles, where the pages lead,
and what a new one belongs to: the partnership the manager works in, or a `Parent` the manager
may edit (a judgement is added to an inspection). `urls()` makes the URL patterns; `create`,
`edit` and `remove` are the only views, given the declaration by their URL pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from core.forms import form_page, posted, save_model_form

from .access import Need, get_for, require_manager


@dataclass(frozen=True)
class Parent:
    """What a new one is added to, through its foreign key `field`: reached at
    `<route>/<int:<field>_pk>/`, it must be editable by the manager. Where the parent keeps its
    parts in order, `position` numbers a new one from its siblings."""

    field: str
    route: str
    queryset: models.QuerySet
    position: Callable[[models.QuerySet], int] | None = None

    @property
    def kwarg(self) -> str:
        return f"{self.field}_pk"


@dataclass(frozen=True)
class Managed:
    name: str  # URL names <name>_create, <name>_edit, <name>_delete
    route: str  # URL paths <route>/new/, <route>/<pk>/, <route>/<pk>/delete/
    queryset: models.QuerySet  # the rows a change page looks up, with what its page reads
    form: type[forms.ModelForm]
    back: Callable[[models.Model], str]  # where the Back and Cancel links lead, and a save
    parent: Parent | None = None  # else a new one belongs to the manager's partnership
    noun: str = ""  # in the titles and messages ("Add a <noun>"); else the name
    # Other wording: "add" and "change" (the titles), "added", "saved", "removed" (the messages).
    wording: dict[str, str] = field(default_factory=dict)
    # The thing's own label on its change page; the parent's label on both pages where it has one.
    caption: Callable[[models.Model], str] | None = None
    form_partnership: Callable[[models.Model], object] | None = None  # for a form that offers its rows
    saved_to: Callable[[models.Model], str] | None = None  # where a save leads, when not `back`
    save: Callable[[forms.ModelForm], models.Model] = save_model_form
    save_change: Callable[[forms.ModelForm], models.Model] | None = None  # when a change saves differently
    change_template: str | None = None  # a change page of its own, given the thing by its model name
    managers_only: bool = False  # refuse anyone but a business manager before looking the thing up
    removable: bool = False
    edit_route: str = ""
    edit_name: str = ""

    @classmethod
    def listed(cls, name: str, route: str, model, form, **more) -> Managed:
        """One of the lists the business manager keeps for their partnership (agencies, the
        glossary): their pages alone, each leading back to the list, manage:<name>_list."""
        more = {"caption": attrgetter("name"), **more}
        return cls(
            name,
            route,
            model.objects.select_related("partnership"),
            form,
            back=lambda _row: reverse(f"manage:{name}_list"),
            form_partnership=attrgetter("partnership"),
            managers_only=True,
            **more,
        )

    def words(self, key: str) -> str:
        noun = self.noun or self.name.replace("_", "-")
        article = "an" if noun[0] in "aeiou" else "a"
        default = {"add": f"Add {article} {noun}", "change": f"Change the {noun}"}.get(key)
        return self.wording.get(key) or default or f"The {noun} has been {key}."

    def urls(self) -> list:
        create_route = f"{self.route}/new/"
        if self.parent:
            create_route = f"{self.parent.route}/<int:{self.parent.kwarg}>/{create_route}"
        edit_route = self.edit_route or f"{self.route}/<int:pk>/"
        declared = {"managed": self}
        patterns = [
            path(create_route, create, declared, name=f"{self.name}_create"),
            path(edit_route, edit, declared, name=self.edit_name or f"{self.name}_edit"),
        ]
        if self.removable:
            patterns.append(path(f"{self.route}/<int:pk>/delete/", remove, declared, name=f"{self.name}_delete"))
        return patterns

    def new(self, request, kwargs) -> models.Model:
        if self.parent is None:
            return self.queryset.model(partnership=require_manager(request).partnership)
        parent = get_for(request.user, self.parent.queryset, Need.EDIT, pk=kwargs[self.parent.kwarg])
        instance = self.queryset.model(**{self.parent.field: parent})
        if self.parent.position:
            instance.position = self.parent.position(self.queryset.model.objects.filter(**{self.parent.field: parent}))
        return instance

    def existing(self, request, pk, queryset=None) -> models.Model:
        if self.managers_only:
            require_manager(request)
        return get_for(request.user, self.queryset if queryset is None else queryset, Need.EDIT, pk=pk)

    def form_for(self, request, instance) -> forms.ModelForm:
        extra = {"partnership": self.form_partnership(instance)} if self.form_partnership else {}
        return self.form(posted(request), instance=instance, **extra)

    def caption_for(self, instance) -> str | None:
        if self.caption is None:
            return None
        if self.parent:
            return self.caption(getattr(instance, self.parent.field))
        return self.caption(instance) if instance.pk else None


def _page(request, managed: Managed, instance, *, title: str, save, done: str, **page):
    back = managed.back(instance)
    if caption := managed.caption_for(instance):
        page["context"] = {**page.get("context", {}), "caption": caption}
    return form_page(
        request,
        managed.form_for(request, instance),
        title=title,
        save=save,
        success_message=managed.words(done),
        success_url=managed.saved_to or back,
        back_url=back,
        **page,
    )


@login_required
def create(request, managed: Managed, **kwargs):
    instance = managed.new(request, kwargs)
    return _page(request, managed, instance, title=managed.words("add"), save=managed.save, done="added")


@login_required
def edit(request, managed: Managed, pk):
    instance = managed.existing(request, pk)
    page = {}
    if managed.change_template:
        page = {"template": managed.change_template, "context": {instance._meta.model_name: instance}}
    save = managed.save_change or managed.save
    return _page(request, managed, instance, title=managed.words("change"), save=save, done="saved", **page)


@login_required
@require_POST
def remove(request, managed: Managed, pk):
    instance = managed.existing(request, pk, queryset=managed.queryset.model.objects.all())
    back = managed.back(instance)
    instance.delete()
    messages.success(request, managed.words("removed"))
    return redirect(back)
