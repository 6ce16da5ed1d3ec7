# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-browser bench setup migrate demo lint frontend clean check-deploy
.PHONY: check-collectstatic smoke audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p var/mail var/sms var/media

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The demo's back office (integrations/simulated_backoffice) runs beside the portal and
# stops with it. Payments need no process of their own: without PAY_API_KEY the portal asks
# the fake of GOV.UK Pay in its own process (integrations/pay/fake.py, var/pay-fake.json). Its secret is for this demo only: production secrets come from the environment.
BACKOFFICE_PORT ?= 8765
run: export DEMO_BACKOFFICE_SECRET = demo-only-back-office-secret-not-for-production
run: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
run: export WASTE_INCAB_URL = http://127.0.0.1:$(BACKOFFICE_PORT)
run: export REVENUES_URL = http://127.0.0.1:$(BACKOFFICE_PORT)
run: export HOUSING_URL = http://127.0.0.1:$(BACKOFFICE_PORT)
run: export DEMO_BACKOFFICE_URL = http://127.0.0.1:$(BACKOFFICE_PORT)
# Staff sign-in ("Sign in with your council account"): the back office is also the council's
# identity provider, at /identity; these are its demo client and its demo groups' roles
# (integrations/simulated_backoffice/identity.py). Set them yourself for a real provider.
run: export STAFF_OIDC_SERVER_URL ?= http://127.0.0.1:$(BACKOFFICE_PORT)/identity
run: export STAFF_OIDC_CLIENT_ID ?= portal
run: export STAFF_OIDC_CLIENT_SECRET ?= demo-only-identity-secret
run: export STAFF_OIDC_GROUP_ROLES ?= {"0f5b1c1e-0000-4000-8000-000000000001": "Agent", "0f5b1c1e-0000-4000-8000-000000000002": "Caseworker", "0f5b1c1e-0000-4000-8000-000000000003": "Team lead", "0f5b1c1e-0000-4000-8000-000000000004": "Manager", "0f5b1c1e-0000-4000-8000-000000000007": "Administrator"}
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (e-mails: var/mail/, texts: var/sms/)"
	@echo "Simulated back office on http://127.0.0.1:$(BACKOFFICE_PORT)/cases"
	@$(PY) -m integrations.simulated_backoffice --port $(BACKOFFICE_PORT) \
		--secret "$$DEMO_BACKOFFICE_SECRET" \
		--portal-status-url http://127.0.0.1:$(PORT)/integrations/webhook/webhook/status \
		--incab-file var/incab.json --revenues-file var/revenues.json \
		--housing-file var/housing.json \
		--identity --identity-client-id portal \
		--identity-client-secret demo-only-identity-secret & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Lint (ruff, djLint for the templates, the import contracts in pyproject.toml) and
# migration checks, then the fast suite (no browser).
test: setup
	$(PY) -m ruff check .
	$(PY) -m djlint --lint .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Real Chromium with axe checks (needs Debian's chromium: see .ci/run).
test-browser: setup
	$(PY) -m pytest -m browser -n 0 -p no:cacheprovider

bench: setup
	$(PY) -m tests.bench

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m djlint --lint .
	$(VENV)/bin/lint-imports

check-deploy: setup
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	DJANGO_SETTINGS_MODULE=portal.settings.production ALLOWED_HOSTS=portal.example \
	PORTAL_BASE_URL=https://portal.example \
	$(PY) manage.py check --deploy --fail-level WARNING

# collectstatic under production settings (hashed, compressed names), as the image's
# build does, into a throwaway folder: a file a script or stylesheet names but that is
# missing fails it here rather than in the Dockerfile.
check-collectstatic: setup
	@out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	DJANGO_SETTINGS_MODULE=portal.settings.production STATIC_ROOT="$$out" \
	$(PY) manage.py collectstatic --noinput

# docker-compose.yml's processes without docker, on this machine's PostgreSQL and Redis:
# a resident's request over HTTP to the simulated back office (scripts/production-smoke.sh).
smoke: setup
	./scripts/production-smoke.sh

# Known vulnerabilities in the installed packages (pip-audit), counting what was really
# audited: exit 3 and "NOT AUDITED" when the advisories could not be looked up.
audit: setup
	$(PY) scripts/audit_dependencies.py

frontend:
	./scripts/build-frontend.sh

clean:
	rm -rf $(VENV) var staticfiles
