"""The CSV export made by PostgreSQL itself: `COPY (SELECT …) TO STDOUT (FORMAT csv)`, the
answers pivoted into columns in the same statement, streamed to the browser a block at a time.

The same table as exports.response_rows() writes through Python (the same columns, codes or
labels, numbers without trailing zeros, times in UTC, formula-like text neutralised as
workspaces.lib.exports does), about five times faster: at 200,000 responses Python spends
most of its time turning database rows into CSV, which PostgreSQL does at its own speed. Used
for CSV on PostgreSQL; XLSX and SQLite keep the Python path."""

from workspaces.kit.exports import copy_csv_chunks as kit_copy_csv_chunks
from workspaces.kit.exports import database_writes_csv
from workspaces.kit.questions.kinds import OTHER, Kind
from workspaces.lib.exports import sql_literal, sql_neutralised

from .exports import CHOICE_KINDS, STATUSES, fixed_columns, header
from .models import Answer, Response, SurveyVersion

SLOT = "\x00column\x00"  # where a column's name goes in its expression (no label holds a NUL)


def _labelled(expression, labels):
    """A code shown as its label (labels: {code: label}); an unknown code as it is."""
    if not labels:
        return expression
    whens = " ".join(f"WHEN {sql_literal(code)} THEN {sql_literal(label)}" for code, label in labels.items())
    return f"CASE {expression} {whens} ELSE {expression} END"


def _columns(plan, by_labels):
    """(pivot aggregates, outer expressions) of the answer columns, in the plan's order."""
    aggregates, outer = [], []
    for entry in plan.questions:
        kind, first, parts, other = plan.slots[entry.code]
        code = sql_literal(entry.code)
        labels = {**entry.options, OTHER: "Other"} if by_labels else {}

        def add(aggregate, expression):
            name = f"c{len(aggregates)}"
            aggregates.append(f"{aggregate} AS {name}")
            outer.append(expression.replace(SLOT, f"a.{name}"))

        if kind in CHOICE_KINDS:
            add(f"MAX(choice) FILTER (WHERE code = {code})", sql_neutralised(_labelled(SLOT, labels)))
        elif kind == Kind.MULTIPLE:
            for option in parts:
                chosen = f"CASE WHEN choice = {sql_literal(option)} THEN 1 ELSE 0 END"
                add(f"MAX({chosen}) FILTER (WHERE code = {code})", SLOT)
        elif kind == Kind.MATRIX:
            for row in parts:
                add(f"MAX(choice) FILTER (WHERE code = {code} AND row = {sql_literal(row)})",
                    sql_neutralised(_labelled(SLOT, labels)))
        elif kind == Kind.RANKING:
            for item in parts:
                add(f"MAX(number) FILTER (WHERE code = {code} AND row = {sql_literal(item)})",
                    "trim_scale(" + SLOT + ")")
        elif kind == Kind.NUMBER:
            add(f"MAX(number) FILTER (WHERE code = {code})", "trim_scale(" + SLOT + ")")
        elif kind == Kind.DATE:
            add(f"MAX(date) FILTER (WHERE code = {code})", "to_char(" + SLOT + ", 'YYYY-MM-DD')")
        else:
            add(f"MAX(text) FILTER (WHERE code = {code})", sql_neutralised(SLOT))
        if other is not None:
            add(f"MAX(text) FILTER (WHERE code = {code} AND choice = {sql_literal(OTHER)})", sql_neutralised(SLOT))
    return aggregates, outer


def copy_sql(survey, plan, *, status="complete", values="codes", with_email=False):
    by_labels = values != "codes"
    aggregates, outer = _columns(plan, by_labels)
    channels = dict(Response._meta.get_field("channel").choices) if by_labels else {}
    fixed = [
        "r.id",
        "CASE r.status WHEN 'submitted' THEN 'complete' ELSE 'partial' END",
        "v.number",
        sql_neutralised(_labelled("r.channel", channels)),
        sql_neutralised("r.source"),
        "to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')",
        "to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')",
    ]
    joins = ""
    if not survey.anonymous:
        fixed.append(sql_neutralised("COALESCE(NULLIF(u.display_name, ''), NULLIF(split_part(u.email, '@', 1), ''))"))
        if with_email:
            fixed.append(sql_neutralised("u.email"))
        joins = f"LEFT JOIN {Response.respondent.field.related_model._meta.db_table} u ON u.id = r.respondent_id"
    statuses = ", ".join(sql_literal(s) for s in STATUSES[status])
    answers, responses, versions = Answer._meta.db_table, Response._meta.db_table, SurveyVersion._meta.db_table
    pivot = (f"SELECT response_id, {', '.join(aggregates)} FROM {answers} WHERE survey_id = %(survey)s "
             f"GROUP BY response_id") if aggregates else "SELECT NULL::bigint AS response_id"
    return (f"SELECT {', '.join(fixed + outer)} FROM {responses} r "
            f"JOIN {versions} v ON v.id = r.version_id {joins} "
            f"LEFT JOIN ({pivot}) a ON a.response_id = r.id "
            f"WHERE r.survey_id = %(survey)s AND r.status IN ({statuses}) ORDER BY r.id"), {"survey": survey.pk}


def copy_csv_chunks(survey, plan, *, status="complete", headings="codes", values="codes", with_email=False):
    """The CSV as bytes: a byte-order mark and the header, then PostgreSQL's blocks."""
    sql, params = copy_sql(survey, plan, status=status, values=values, with_email=with_email)
    return kit_copy_csv_chunks(header(survey, plan, headings=headings, with_email=with_email), sql, params)


available = database_writes_csv

__all__ = ["available", "copy_csv_chunks", "copy_sql", "fixed_columns"]
