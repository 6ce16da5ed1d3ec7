"""General enquiries: questions that belong to no one service (complaints have their own
service, services.complaints)."""
