"""Complaints and compliments (C8): a complaint in stages with the Ombudsman at the end,
and compliments passed to the team they are about."""
