"""Staff screens in the Wagtail admin, grouped under the menu 参保扩面."""
