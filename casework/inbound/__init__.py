"""Back offices calling in: the signed status webhook, e-mailed replies, polling."""
