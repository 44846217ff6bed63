"""The list filter: words in title/note/address, one tag, and "only links I added"."""

import django_filters
from django import forms
from django.db.models import Q

from workspaces.lib.tags import MAX_TAG_LENGTH, normalise_tag

from .models import Link

MAX_SEARCH_WORDS = 10


class LinkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the title, note or address"}),
    )
    tag = django_filters.CharFilter(label="Tag", method="filter_tag", max_length=MAX_TAG_LENGTH, widget=forms.Select)
    mine = django_filters.BooleanFilter(label="Only links I added", method="filter_mine", widget=forms.CheckboxInput)

    class Meta:
        model = Link
        fields = []

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = normalise_tag(self.data.get("tag", "")) if self.data else ""
        choices = [("", "Any tag")] + [(t, t) for t in tags]
        if current and current not in tags:  # a tag from a shared address still shows as chosen
            choices.append((current, current))
        self.form.fields["tag"].widget.choices = choices
        self.form.fields["tag"].widget.attrs.pop("maxlength", None)  # not an attribute of <select>
        if not (self.request and self.request.user.is_authenticated):
            self.form.fields.pop("mine")

    @property
    def is_active(self):
        """Whether any filter narrows the list (for the right empty message)."""
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})
        return bool(data.get("q", "").strip() or data.get("tag") or data.get("mine"))

    def filter_search(self, queryset, name, value):
        for word in value.split()[:MAX_SEARCH_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(note__icontains=word) | Q(url__icontains=word))
        return queryset

    def filter_tag(self, queryset, name, value):
        tag = normalise_tag(value)
        return queryset.filter(tags__name=tag) if tag else queryset

    def filter_mine(self, queryset, name, value):
        if value and self.request.user.is_authenticated:
            return queryset.filter(created_by=self.request.user)
        return queryset
