"""Company and role extraction: candidates from the email's parts ranked by a small learned model."""
