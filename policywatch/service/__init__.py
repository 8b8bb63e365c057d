"""The daemon: schedules, source health and incidents, notifications."""
