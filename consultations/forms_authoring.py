"""The authoring part's forms: a consultation's settings, its document, a question, a file, a
request for another format. The services check again; these give each mistake its field."""

from django import forms

from workspaces.kit.forms import ItemAccessFormMixin, SpecificErrorsMixin, loaded_state_field
from workspaces.kit.questions.kinds import Kind, spec
from workspaces.kit.questions.models import MAX_CODE_LENGTH, MAX_HELP_LENGTH, MAX_QUESTION_LENGTH, code_validator
from workspaces.kit.services import loaded_state
from workspaces.lib.files import check_upload
from workspaces.lib.forms import one_line

from . import authoring, importing
from .models import AttachmentKind, Consultation
from .models import FormatRequest as FormatRequestModel
from .models.consultation import MAX_REASON_LENGTH, MAX_TITLE_LENGTH

DATETIME_HELP = "For example 15/01/2027 17:00 (UK time)."
MAX_DOCUMENT_LENGTH = 1_000_000


class ConsultationSettingsForm(ItemAccessFormMixin, forms.ModelForm):
    """Add a consultation, or edit its settings. Once it is published its dates are shown, not
    offered (the lifecycle's "Status and dates" page moves them)."""

    loaded_state = loaded_state_field()

    class Meta:
        model = Consultation
        fields = ["title", "summary", "opens_at", "closes_at", "moderation", "comments_public", "allow_edit",
                  "view_access", "view_teams", "change_access", "change_teams"]
        labels = {"summary": "Summary", "opens_at": "Opens for responses at", "closes_at": "Closes for responses at",
                  "moderation": "Moderation of comments", "view_access": "Who can see it and respond",
                  "change_access": "Who else can run it"}
        help_texts = {"summary": "What the consultation is about and who it is for, shown above the document. "
                                 "You can use Markdown.",
                      "opens_at": DATETIME_HELP, "closes_at": DATETIME_HELP}
        error_messages = {"title": {"required": "Enter the consultation's title."}}
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "moderation": forms.RadioSelect}

    folded_fields = ("moderation", "comments_public", "allow_edit")
    folded_label = "Comments and responses"

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_access(workspace)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_state"] = loaded_state(self.instance, authoring.SETTINGS_FIELDS)
        if not self.instance.pk:
            self.fields.pop("loaded_state")
        self.dates_fixed = bool(self.instance.pk and self.instance.is_live)
        for name in ("opens_at", "closes_at"):
            if self.dates_fixed:
                self.fields.pop(name)
                continue
            self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Enter the consultation's title.")
        return title

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The close must come after the opening.")
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        names = [n for n in authoring.SETTINGS_FIELDS if n in self.fields]
        return {name: data[name] for name in names} | {
            "view_teams": data.get("view_teams") or [], "change_teams": data.get("change_teams") or []}


class DocumentForm(SpecificErrorsMixin, forms.Form):
    text = forms.CharField(
        label="The document", required=False, max_length=MAX_DOCUMENT_LENGTH, strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "consultation-document-text", "spellcheck": "true"}),
        help_text="Start each section with a line “# Heading”, each sub-section with “## Heading”. Leave a blank "
                  "line between paragraphs: each paragraph is numbered, and people comment on it by its number.")

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise forms.ValidationError("Write the document first: a line “# Heading” starts each section.")
        return text

    def clean(self):
        data = super().clean()
        if "text" in data:
            try:
                self.specs = authoring.parse_document(data["text"])
            except forms.ValidationError as exc:
                self.add_error("text", exc.message_dict["text"])
        return data


class ImportForm(SpecificErrorsMixin, forms.Form):
    file = forms.FileField(label="File to import", help_text="A Word document (.docx) or a Markdown or text file "
                                                             "(.md, .txt).",
                           error_messages={"required": "Choose a file to import."})

    def clean_file(self):
        """Converted here (consultations.importing: its type by content, macros and zip bombs
        refused, as lib.files.check_upload does): `imported` is the result."""
        try:
            self.imported = importing.convert(self.cleaned_data["file"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get("file", exc.messages)) from None
        return self.cleaned_data["file"]


QUESTION_KINDS = [(kind.value, kind.label) for kind in authoring.ALLOWED_KINDS]


class QuestionForm(SpecificErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="Type of question", choices=QUESTION_KINDS, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the type of question."})
    section = forms.ChoiceField(label="About", required=False,
                                help_text="A question about one section is shown with it; the others at the end.")
    code = forms.CharField(max_length=MAX_CODE_LENGTH, validators=[code_validator],
                           help_text="A short, stable name used in the analysis and exports (Q1, Q2).",
                           error_messages={"required": "Enter a code for the question."})
    text = forms.CharField(label="Question", max_length=MAX_QUESTION_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Enter the question."})
    help_text = forms.CharField(label="Help text", required=False, max_length=MAX_HELP_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 2}), help_text="Shown under the question.")
    required = forms.BooleanField(label="An answer is required", required=False)
    options = forms.CharField(label="Options", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="For single choice, multiple choice and scales: one per line (a scale from "
                                        "the lowest). Just the label, or “code | label”.")

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "The consultation as a whole")] + [
            (str(s.pk), f"{s.number} {s.heading}"[:120]) for s in sections]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not one_line(text):
            raise forms.ValidationError("Enter the question.")
        return text

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and spec(Kind(kind)).options:
            try:
                data["options"] = authoring.parse_options(data.get("options", ""))
            except forms.ValidationError as exc:
                self.add_error("options", exc.messages)
                return data
            if len(data["options"]) < 2:
                self.add_error("options", "Give at least two options, one per line.")
        else:
            data["options"] = []
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        return {"kind": data["kind"], "code": data["code"], "text": data["text"], "help_text": data["help_text"] or "",
                "required": bool(data["required"]), "options": data["options"],
                "section": int(data["section"]) if data.get("section") else None}


def question_initial(question):
    return {"kind": question.kind, "code": question.code, "text": question.text, "help_text": question.help_text,
            "required": question.required, "section": str(question.section_id or ""),
            "options": authoring.options_text(question.options.all())}


class AttachmentForm(SpecificErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=AttachmentKind.choices, initial=AttachmentKind.SUPPORTING,
                             widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=MAX_TITLE_LENGTH,
                            help_text="What people see as the link, for example “Easy Read version”.",
                            error_messages={"required": "Enter a title for the file."})
    file = forms.FileField(label="File", error_messages={"required": "Choose a file to upload."})

    def clean_file(self):
        """Checked by its content (lib.files.check_upload): `checked` says its safe name and type."""
        upload = self.cleaned_data["file"]
        try:
            self.checked = check_upload(upload, field="file")
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get("file", exc.messages)) from None
        return upload

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError("Enter a title for the file.")
        return title


class FormatRequestForm(SpecificErrorsMixin, forms.Form):
    format = forms.ChoiceField(label="The format you need", choices=FormatRequestModel.Format.choices,
                               widget=forms.RadioSelect, error_messages={"required": "Choose the format you need."})
    details = forms.CharField(label="Anything we should know", required=False, max_length=MAX_REASON_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="For example the language, or the address to post a paper copy to.")
    email = forms.EmailField(label="Your email address", required=False,
                             help_text="We send the format, or tell you when it is ready, to this address.",
                             error_messages={"invalid": "Enter an email address like name@example.com."})

    def __init__(self, *args, signed_in=True, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            self.fields.pop("email")
        else:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = "Enter your email address, so that we can reply."

