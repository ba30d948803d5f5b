"""Staff report screens (Wagtail admin). Views parse the request, call the builders in
reports.rollup / questions / breakdowns, and render."""
