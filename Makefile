# Lotse — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
RASA    := $(VENV)/bin/rasa
# Ports and URLs come from .env (see .env.example); these are the defaults.
-include .env
export
RASA_PORT   ?= 5005
ACTION_PORT ?= 5055
WEB_PORT    ?= 8080
STAFF_PORT  ?= 8090
# make run-scaled: N Rasa processes behind HAProxy on RASA_PORT (docs/deployment.md).
RASA_PROCESSES ?= 2
REDIS_URL ?= redis://127.0.0.1:6379/1
SCALED_DATABASE_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/lotse
ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export ACTION_ENDPOINT_URL
# Quieter TensorFlow; one inter-op thread keeps two cores free for the other servers.
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

.PHONY: help install run shell safety-model train validate lint test test-unit test-stories test-live \
        test-browser screenshots web-vendor check-content test-nlu eval eval-compare db clean freeze \
        bench bench-long bench-referrals bench-text refresh-data tools test-clean-clone review-export staff-export \
        staff-screenshots

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

install: ## create .venv (Python 3.10) with pinned deps and the offline spaCy pipeline
	@bash scripts/bootstrap.sh

db: install ## create/upgrade the database and import the referral data (idempotent)
	@$(VENV)/bin/lotse db seed

safety-model: install ## build the danger classifier models/danger (skipped when data and code are unchanged)
	@$(VENV)/bin/lotse safety train

train: install safety-model ## train the model if data or config changed (Rasa's fingerprinting), showing progress
	@$(PY) scripts/train.py --fixed-model-name lotse --out models

run: install db train ## start action server, Rasa (REST + socketio), web widget, staff console
	@$(PY) -m scripts.stack run --staff-port $(STAFF_PORT)

.PHONY: run-scaled
run-scaled: install train ## RASA_PROCESSES Rasa processes (PostgreSQL, Redis locks) behind HAProxy
	@bash scripts/ensure_haproxy.sh
	@$(PY) -m scripts.stack run-scaled --processes $(RASA_PROCESSES) \
	  --database-url "$(SCALED_DATABASE_URL)" --redis-url "$(REDIS_URL)" --create-database --seed

shell: install db train ## chat in the terminal (starts the action server in the background)
	@$(PY) -m scripts.stack shell

validate: install ## rasa data validate (fails on warnings that are not explained)
	@$(PY) scripts/validate_data.py

lint: install ## ruff lint + format check
	@$(VENV)/bin/ruff check bot actions components scripts tests bench web staff
	@$(VENV)/bin/ruff format --check bot actions components scripts tests bench web staff

test-unit: install safety-model ## pytest without the running stack
	@$(PY) -m pytest -q -m "not stack and not browser"

test-stories: install train ## rasa test core on the test stories: as served, and with Rasa's own code
	@$(PY) -m scripts.serve_rasa test core --stories tests/stories --model models/lotse.tar.gz \
	  --out reports/stories --fail-on-prediction-errors --no-plot
	@echo "The same stories with LOTSE_RASA_PATCHES=0 and TensorFlow loaded (Rasa's own code paths):"
	@LOTSE_RASA_PATCHES=0 $(RASA) test core --stories tests/stories --model models/lotse.tar.gz \
	  --out reports/stories-unpatched --fail-on-prediction-errors --no-plot

test-live: install train ## pytest against a private running stack (REST, privacy, browser)
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_tools.sh haproxy nginx
	@$(PY) -m pytest -q -m "stack or browser"

test-browser: install ## widget tests in headless Chromium against a fake Rasa (no model needed)
	@bash scripts/ensure_chromium.sh
	@bash scripts/ensure_tools.sh nginx
	@$(PY) -m pytest -q -m "browser and not stack"

screenshots: install ## regenerate docs/img widget screenshots
	@$(PY) web/screenshots.py

staff-screenshots: install ## regenerate docs/img/staff-*.png (console with sample data, Chromium)
	@bash scripts/ensure_chromium.sh
	@$(PY) scripts/staff_screenshots.py

review-export: install ## write the console's accepted labels to data/nlu/review.yml
	@$(VENV)/bin/lotse staff export-review

staff-export: install ## apply the console's checked edits (answers, offers) to the repo files
	@$(VENV)/bin/lotse staff export-changes

web-vendor: ## refresh the vendored socket.io-client and axe-core from npm
	cd web && npm ci && npm run vendor

check-content: install ## validate domain, data, referral records and the links/numbers in answers
	@$(PY) scripts/validate_data.py
	@$(VENV)/bin/lotse db check --file bot/data/referrals.yaml
	@$(PY) scripts/check_content.py

refresh-data: install ## SOURCE=dir: copy referrals, facts, gazetteer from a research folder; rewrite fallback_offers.yaml
	@$(PY) scripts/refresh_data.py $(if $(SOURCE),--source "$(SOURCE)")

test-nlu: install train ## NLU gate on the independent test split (reports in reports/nlu)
	@$(PY) scripts/eval_nlu.py --gate

eval: install db train ## old split + dev sets + blind set at NLU level, blind end to end (reports/)
	@$(PY) scripts/eval_nlu.py --compare-features
	@$(PY) scripts/eval_blind.py --start

eval-compare: install train ## also retrain the old DIET pipeline and Rasa's default on the same data
	@$(PY) scripts/eval_nlu.py --compare-features --compare-diet --compare-default

tools: ## install the Debian tools the tests drive when missing (haproxy, nginx, docker-compose)
	@bash scripts/ensure_tools.sh

test-clean-clone: install ## check-content and unit tests in a clone of HEAD with nothing beside it
	@bash scripts/test_clean_clone.sh

# In CI the content checks and unit tests run once, in a clone with nothing beside it (a check
# that reads outside the repository fails there); locally they test the working tree.
FAST_CHECKS := $(if $(filter true,$(CI)),test-clean-clone,check-content test-unit)
test: install lint tools $(FAST_CHECKS) train test-stories test-nlu test-live ## the whole suite (CI runs this)
	@echo "make test: all green"

bench: install db train ## load benchmark: Lotse vs a stock `rasa init` bot, 1 vs 2 processes (~20 min)
	@bash scripts/ensure_haproxy.sh
	@$(PY) -m bench.load

bench-long: install db train ## one sender, 200 messages: median of messages 1-20 vs 181-200, speed fixes on and off (~6 min)
	@$(PY) -m bench.load --long

bench-referrals: install ## p50/p95 of the referral lookup with 10,000 synthetic offers
	@$(PY) bench/referrals.py

bench-text: install ## CPU time per message of danger detection, redaction, place resolution
	@$(PY) bench/text.py

freeze: ## regenerate constraints.txt from the current venv
	@$(VENV)/bin/pip freeze --exclude-editable | grep -v '^lotse' > constraints.txt

clean: ## remove trained models, reports and the local database (keeps .venv)
	rm -rf models reports results var/lotse.db .pytest_cache
