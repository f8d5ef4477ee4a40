"""Parse stage: rendered Markdown to markdown-it syntax trees."""
