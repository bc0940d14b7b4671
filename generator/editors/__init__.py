"""Command-line help for editors: new entries and the browser editor on one's own computer."""
