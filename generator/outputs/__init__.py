"""What the site publishes besides its pages: feeds and calendar, exports, search index, the browser editor."""
