"""Surveys: a Survey (the workspace item) has versions; the draft version is what the builder
edits, the live version (the latest published) is what respondents answer. Each version holds
pages, questions and options; a Response records the version it was started on, and its Answers
are rows (response, question, value) carrying the question's stable code, so versions line up.

Who has responded (Participation: invited, started, completed, reminded) is kept apart from
what they answered: for an anonymous survey a Response holds no person and nothing links a
Participation to a Response.
"""

from .distribution import DailyCount, ReminderRun  # noqa: F401
from .responses import Answer, Channel, Participation, Response, ResponseStatus  # noqa: F401
from .results import CountedResponse, Tally  # noqa: F401
from .survey import Option, Page, Question, Survey, SurveyVersion  # noqa: F401
from .themes import AnswerTag, Theme  # noqa: F401
