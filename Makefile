# canbao — run `make` for this help.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Two processes by default (xdist). pytest-randomly shuffles the order on every run; pytest-django
# then keeps Django's contract that tests which flush the database (live_server, browser) run after
# the others. The seed is printed; `make test PYTEST_ARGS="-n 2 -p randomly --randomly-seed=N"` repeats it.
PYTEST_ARGS ?= -n 2
export PYTHONDONTWRITEBYTECODE = 1

.DEFAULT_GOAL := help
.PHONY: help venv demo serve test test-browser lint format migrations-check check-deploy bench loadtest faulttest messages worker clean

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(BIN)/activate: requirements.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	mkdir -p var
	touch $(BIN)/activate

venv: $(BIN)/activate ## Create .venv and install pinned requirements

demo: venv ## Install, migrate, load demo data and serve on http://127.0.0.1:8000
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  公共网站 / public site:  http://127.0.0.1:8000/"
	@echo "  管理后台 / staff admin:  http://127.0.0.1:8000/admin/"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

serve: venv ## Serve without reloading demo data
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: venv ## Run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: venv ## Run only the browser tests (Debian chromium via Playwright)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

lint: venv ## Lint with ruff
	$(BIN)/ruff check .

format: venv ## Format with ruff
	$(BIN)/ruff format .

migrations-check: venv ## Fail if models and migrations disagree
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: venv ## Django's deployment checks under production settings (throwaway secrets)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=canbao.example.gov.cn $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: venv ## Print the benchmark figures (see docs/benchmarks.md)
	$(BIN)/python manage.py bench pages

LOADTEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/canbao_loadtest
LOADTEST_REDIS_URL ?= redis://127.0.0.1:6379/1
loadtest: venv ## Load test: gunicorn (2 workers) on PostgreSQL and Redis, as in production + 200 simulated phones for 60 s (docs/benchmarks.md)
	DATABASE_URL=$(LOADTEST_DATABASE_URL) REDIS_URL=$(LOADTEST_REDIS_URL) $(BIN)/python manage.py loadtest --phones 200 --seconds 60 --mix

faulttest: venv ## Fault test: own PostgreSQL and Redis on free ports, gunicorn, 80 phones for 60 s; restarts PostgreSQL, kills Redis; one JSON line
	$(BIN)/python manage.py faulttest --phones 80 --seconds 60 --strict

messages: venv ## Refresh the catalogues (English; the Simplified Chinese identity catalogue) and compile them (needs GNU gettext)
	$(BIN)/python manage.py makemessages -l en -l zh_Hans --ignore=.venv --ignore=tests --ignore=var --ignore='accounts/templates/account/*' --no-obsolete
	msgattrib --clear-fuzzy --empty --no-obsolete -o locale/zh_Hans/LC_MESSAGES/django.po locale/zh_Hans/LC_MESSAGES/django.po
	msgfilter --keep-header -i locale/zh_Hans/LC_MESSAGES/django.po -o locale/zh_Hans/LC_MESSAGES/django.po \
		sh -c 'cat >/dev/null; if [ -n "$$MSGFILTER_MSGID_PLURAL" ] && [ "$$MSGFILTER_PLURAL_FORM" != 0 ]; then printf %s "$$MSGFILTER_MSGID_PLURAL"; else printf %s "$$MSGFILTER_MSGID"; fi'
	$(BIN)/python manage.py compilemessages --ignore=.venv

worker: venv ## Run the background task worker (django-tasks-db) with job leases and the periodic work (docs/deployment.md)
	$(BIN)/python manage.py worker

clean: ## Remove the local database, collected static files and caches
	rm -rf var .pytest_cache .ruff_cache
