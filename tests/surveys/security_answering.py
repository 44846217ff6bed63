"""The answering part's rows (see security.py). place.survey is live and open to members
(anyone, in the public workspace); place.resume_token is a resume link of the reader's
response to it (the token is the credential: whoever holds it lands on the reader's page,
unless signed in as someone else)."""

from ..security.outcomes import LOGIN, PUBLIC, REDIRECT, WORKSPACE

EVERY_MEMBER = {"anonymous": LOGIN, "outsider": 404, "reader": 200, "contributor": 200, "manager": 200,
                "site_admin": 200}
BUILDERS = {"anonymous": LOGIN, "outsider": 404, "reader": 403, "contributor": 403, "manager": 200,
            "site_admin": 200}
NOT_GET = {"anonymous": LOGIN, "outsider": 404, "reader": 405, "contributor": 405, "manager": 405, "site_admin": 405}

MATRIX = {
    "surveys:survey": {"access": WORKSPACE, **EVERY_MEMBER},
    "surveys:start": {"access": WORKSPACE, **NOT_GET},  # POST only ("Respond again", "Change your response")
    "surveys:page": {"access": WORKSPACE, **EVERY_MEMBER},
    # Nothing answered yet: on to the first page (the reader has a response in progress).
    "surveys:check": {"access": WORKSPACE, "anonymous": LOGIN, "outsider": 404, "reader": 200,
                      "contributor": REDIRECT, "manager": REDIRECT, "site_admin": REDIRECT},
    "surveys:later": {"access": WORKSPACE, **EVERY_MEMBER},
    # The reader's link: it lands on their page for them or for a browser where nobody is signed
    # in; signed in as someone else it opens nothing.
    "surveys:resume": {"access": PUBLIC, "anonymous": REDIRECT, "outsider": 404, "reader": REDIRECT,
                       "contributor": 404, "manager": 404, "site_admin": 404},
    "surveys:preview": {"access": WORKSPACE, **BUILDERS},
    "surveys:enter": {"access": WORKSPACE, **BUILDERS},
}
PUBLIC_MATRIX = {
    "surveys:survey": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                       "site_admin": 200},
    "surveys:page": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                     "site_admin": 200},
    "surveys:check": {"anonymous": REDIRECT, "outsider": REDIRECT, "reader": 200, "contributor": REDIRECT,
                      "manager": REDIRECT, "site_admin": REDIRECT},
    "surveys:later": {"anonymous": 200, "outsider": 200, "reader": 200, "contributor": 200, "manager": 200,
                      "site_admin": 200},
    "surveys:preview": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                        "site_admin": 200},
    "surveys:enter": {"anonymous": LOGIN, "outsider": 403, "reader": 403, "contributor": 403, "manager": 200,
                      "site_admin": 200},
}
# An archived workspace takes no answers (the policy's refusal, with its phrase).
ARCHIVED = {"surveys:survey": 200, "surveys:start": 405, "surveys:page": 403, "surveys:check": 403,
            "surveys:later": 200, "surveys:resume": 404, "surveys:preview": 403, "surveys:enter": 403}

POST_DATA = {
    "surveys:page": {"q-Q1": "o2"},
    "surveys:enter": {"channel": "paper", "q-Q1": "o2"},
}
EFFECTS = {
    "surveys:page": lambda place: place.survey.responses.filter(channel="web", respondent__isnull=False).exists(),
    "surveys:enter": lambda place: place.survey.responses.filter(channel="paper").exists(),
}
URL_KWARGS = {"n": lambda place: 1}
NAME_KWARGS = {"surveys:resume": {"token": lambda place: place.resume_token}}


def build(place, personas, objects):
    """A response of the reader's in progress on place.survey, and its resume link's token."""
    from surveys import resume
    from surveys.models import Response

    survey = objects["survey"]
    secret = resume.new_secret()
    response = Response.objects.create(survey=survey, version_id=survey.live_version_id, respondent=personas["reader"],
                                       resume_hash=resume.hash_of(secret), last_page=1)
    return {"resume_token": resume.make_token(response, secret)}
