"""What a resident sees of their cases: the case pages, replies, saved drafts."""
