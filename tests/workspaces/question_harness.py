"""A test-only page showing questions of every kind through templates/kit/questions/field.html, as
a tool's answering page would: GET shows them (?only=Q5,Q12 for some; ?seed= for the shuffle), POST
reads each with answers.parse and shows the errors (summary + next to each question, what was sent
kept) or each answer in words (answers.display). Used with @pytest.mark.urls("tests.workspaces.question_urls")."""

from django.http import HttpResponse
from django.template import engines

from surveys.models import Option, Question
from workspaces.kit.questions import answers
from workspaces.kit.questions.ordering import ordered

ROLE = Option.Role


def _options(labels, role=ROLE.OPTION, prefix="o", values=False):
    return [Option(code=f"{prefix}{i}", label=label, role=role, position=i, value=i if values else None)
            for i, label in enumerate(labels, 1)]


def sample_questions():
    """[(question, options)]: every kind once, and a required 5 × 5 matrix (Q12)."""
    def make(code, kind, text, options=(), **extra):
        return Question(code=code, kind=kind, text=text, **extra), list(options)

    return [
        make("Q1", "single", "Do you cycle to work?", _options(["Yes", "No"]), required=True),
        make("Q2", "number", "How many miles is your journey?", min_value=0, max_value=200),
        make("Q3", "scale", "How safe do you feel on the roads?",
             _options(["Very unsafe", "Unsafe", "Neutral", "Safe", "Very safe"], values=True)),
        make("Q4", "multiple", "Which would help?", _options(["Cycle lanes", "Parking", "Showers"]),
             allow_other=True, max_value=2, help_text="Think of your own journey."),
        make("Q5", "matrix", "Rate each", _options(["Lighting", "Surfaces"], ROLE.ROW, "r")
             + _options(["Poor", "Fair", "Good"], ROLE.COLUMN, "c", values=True)),
        make("Q6", "long_text", "Anything else?"),
        make("Q7", "short_text", "What is your job title?"),
        make("Q8", "dropdown", "Which area do you live in?", _options(["North", "South", "East", "West"]),
             allow_other=True),
        make("Q9", "date", "When did you start cycling?"),
        make("Q10", "email", "What is your email address?"),
        make("Q11", "ranking", "Rank these improvements", _options(["Parking", "Lighting", "Showers", "Signs"])),
        make("Q12", "matrix", "How would you rate each route?",
             _options(["Riverside", "High Street", "Canal path", "Ring road", "Park lane"], ROLE.ROW, "r")
             + _options(["Very poor", "Poor", "Fair", "Good", "Very good"], ROLE.COLUMN, "c", values=True),
             required=True),
    ]


PAGE = engines["django"].from_string("""{% extends "base.html" %}
{% block title %}Questions{% endblock %}
{% block content %}
<h1>Questions</h1>
{% if problems %}<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><ul>
{% for name, message in problems %}<li><a href="#{{ name }}">{{ message }}</a></li>{% endfor %}</ul></div>{% endif %}
{% if words %}<h2>Your answers</h2><dl class="q-answers">{% for question, said in words %}
<dt>{{ question.text }}</dt><dd>{{ said|default:"Not answered" }}</dd>{% endfor %}</dl>{% endif %}
<form method="post" novalidate>{% csrf_token %}
{% for question, choices, rows, columns, kept, error in shown %}{% include "kit/questions/field.html" %}{% endfor %}
<div class="actions"><button type="submit">Continue</button></div>
</form>
{% endblock %}""")


def questions_page(request):
    only = set(filter(None, request.GET.get("only", "").split(",")))
    seed = request.GET.get("seed", "1")
    shown, problems, words = [], [], []
    for question, options in sample_questions():
        if only and question.code not in only:
            continue
        choices, rows, columns = ordered(question, options, seed)
        kept, error = {}, ""
        if request.method == "POST":
            parsed = answers.parse(question, options, request.POST)
            kept, error = parsed.kept, parsed.error
            if error:
                problems.append((answers.field_name(question), error))
            else:
                words.append((question, answers.display(question, options, parsed.values)))
        shown.append((question, choices, rows, columns, kept, error))
    if problems:
        words = []
    return HttpResponse(PAGE.render({"shown": shown, "problems": problems, "words": words,
                                     "page_has_errors": bool(problems)}, request))
