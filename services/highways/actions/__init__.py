"""One module per feature; see the app's urls package."""
