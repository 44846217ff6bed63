"""The calendar part's rows (see security.py): month, week and list views, an event's .ics,
the private calendar feed."""
