"""How the app was built (not a setting: only code — the CLI, the test factory — chooses it),
the marker of a demo database, and the app's version. A leaf module, so every layer may read it."""

VERSION = "0.1.0"
PRODUCTION, DEMO, TEST = "production", "demo", "test"
DEMO_MARKER = "demo_database"
