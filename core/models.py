"""core has no models. The module exists so that `migrate` sends core its post_migrate
signal (Django skips apps without one), on which core refreshes the planner statistics."""
