"""Demo pages: the home page replaces Wagtail's welcome page as the site root."""

from wagtail.models import Page, Site

from .models import HomePage


def load(stdout, seed: int) -> None:
    ensure_home_page()


def ensure_home_page() -> HomePage:
    """Make a published HomePage the root of the default site. Idempotent."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's placeholder "Welcome" page holds the slug "home"; remove it first.
        for child in root.get_children():
            if child.specific_class is Page:
                child.delete()
        home = root.add_child(instance=HomePage(title="东至县工伤保险参保宣传", slug="home"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="参保")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home
