"""The import and suggestion part's rows (see security.py): import (dry run, confirm), the
template, suggesting a risk, triage."""
