"""Reading one question's answer from a respondent's POST (owned by the answering work)."""
