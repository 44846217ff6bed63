"""The invitations part's rows (see security.py): inviting, RSVP, the waitlist, who is going."""
