"""The only web-side code that touches RQ. Jobs carry JSON, never pickle."""
