"""Questions and answers, for every tool that asks people things (surveys, e-consultations).

A tool keeps its own concrete models, built from the abstract ones here, so that no tool
imports another and the machinery is written once:

    class Question(QuestionBase):            # kind, code, text, help, required, limits, show-if rule
        version = models.ForeignKey(...)
    class Option(OptionBase):                # code, label, role (option / matrix row / matrix column)
        question = models.ForeignKey(Question, related_name="options", ...)
    class Answer(AnswerBase):                # one row per (response, question[, row or choice])
        response = models.ForeignKey(...)

Modules:
    kinds     Kind (the question types) and what each kind takes (options? rows? limits?).
    models    the abstract models above, and the storage contract (how each kind is stored).
    logic     show-if rules: Rule, evaluate(rule, answers), describe(rule) in words,
              problems(questions) (a rule that points forward, at a deleted question or option).
    answers   reading a respondent's POST for one question: parse(question, options, data) ->
              the AnswerValues to store, or a message for the person (never a 500).
    results   aggregation in SQL over a tool's Answer queryset: counts, means, medians, matrix
              tables, ranking averages.

Storage contract (one row per value; never one column per question — answers are pivoted into
columns only on export, by code):
    short_text, long_text, email   text
    single, dropdown               choice = option code (choice = "other" and text = what they wrote)
    multiple                       one row per option chosen: choice = option code ("other" + text)
    scale                          choice = the point's option code, number = its value (1..n)
    number                         number
    date                           date
    matrix                         one row per row answered: row = row code, choice = column code
                                   (number = the column's value when the columns are a scale)
    ranking                        one row per item ranked: row = the item's option code, number = rank (1 first)
Every row also carries `code` (the question's stable code), so that versions of a survey line
up by code in results and exports.
"""
