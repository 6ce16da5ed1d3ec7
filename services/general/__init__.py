"""General enquiries: questions and complaints that belong to no one service."""
